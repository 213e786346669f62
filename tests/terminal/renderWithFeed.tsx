/// Renders `ui` inside a PriceProvider on a fake feed with hand-run frames,
/// and returns helpers that deliver a batch or a status event and run the
/// frame that shows it, the way a component test drives the terminal.
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { fakeFactory, manualFrames, settle, type FakeFeed } from './fakeFeed';

export async function renderWithFeed(ui: ReactNode) {
  const { factory, feeds } = fakeFactory();
  const frames = manualFrames();
  const result = render(
    <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
      {ui}
    </PriceProvider>,
  );
  await act(settle);
  const feed = feeds[0];
  const push = (batch: Parameters<FakeFeed['emitBatch']>[0]) =>
    act(() => {
      feed.emitBatch(batch);
      frames.run();
    });
  const status = (ev: Parameters<FakeFeed['emitStatus']>[0]) =>
    act(() => {
      feed.emitStatus(ev);
      frames.run();
    });
  return { feed, frames, push, status, result };
}
