// The price flashes as Chromium really runs them: while prices move, every
// running animation on the page is a price cell's ::after overlay (or the
// Polling pulse) animating opacity or transform only — what the compositor
// runs without repainting a frame — and the overlay carries the tint of the
// move's direction. (tests/terminal/styles.test.ts reads the stylesheet;
// bench/terminal-paint.mjs measures what this saves.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lib/wait-for.mjs';
import { startStack, stateIs } from './stack.mjs';

/// Keyframe fields that are not animated properties.
const KEYFRAME_FIELDS = new Set(['offset', 'computedOffset', 'easing', 'composite']);
const COMPOSITOR_ONLY = new Set(['opacity', 'transform']);

describe('price flashes in Chromium', { timeout: 60_000 }, () => {
  let stack;
  let page;

  before(async () => {
    // 100 updates/s over the 12 symbols: several rows flash at any moment.
    stack = await startStack({ rate: 100 });
    page = stack.page;
    await page.goto(`${stack.server.url}/?e2e`);
    await waitFor(stateIs(page, 'connected'), { timeoutMs: 10_000, intervalMs: 50, what: 'Live' });
  });
  after(async () => {
    await stack?.close();
  });

  it('runs every flash as an opacity animation of the price cell\'s ::after overlay, tinted by direction', async () => {
    const seen = await waitFor(
      () =>
        page.evaluate(() => {
          const anims = document.getAnimations().filter((a) => a.playState === 'running');
          return anims.length >= 3
            ? anims.map((a) => {
                const target = a.effect.target;
                return {
                  name: a.animationName ?? '',
                  pseudo: a.effect.pseudoElement ?? null,
                  cell: target.className,
                  props: a.effect.getKeyframes().flatMap((k) => Object.keys(k)),
                  tint: a.effect.pseudoElement ? getComputedStyle(target, a.effect.pseudoElement).backgroundColor : null,
                };
              })
            : null;
        }),
      { timeoutMs: 8000, intervalMs: 20, what: 'three running flashes' },
    );
    for (const a of seen) {
      const animated = [...new Set(a.props)].filter((p) => !KEYFRAME_FIELDS.has(p));
      for (const p of animated) assert.ok(COMPOSITOR_ONLY.has(p), `${a.name} on ${a.cell} ${a.pseudo ?? ''} animates ${p}`);
      if (a.cell.includes('conn-dot')) continue; // the Polling pulse
      assert.equal(a.pseudo, '::after', `${a.name} runs on the overlay, not on ${a.cell}`);
      assert.match(a.cell, /\bprice\b.*\bflash-(up|down)-[01]\b/);
      const up = /flash-up-/.test(a.cell);
      assert.equal(a.tint, up ? 'rgba(34, 197, 94, 0.45)' : 'rgba(239, 68, 68, 0.45)', `${a.cell}: tint`);
    }
  });
});
