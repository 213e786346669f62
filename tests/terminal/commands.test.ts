import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../web/terminal/src/shell/commands';

describe('parseCommand', () => {
  it('opens windows', () => {
    expect(parseCommand('qm')).toEqual({ type: 'open', kind: 'quotes' });
    expect(parseCommand('  chart  btc ')).toEqual({ type: 'open', kind: 'chart', symbol: 'BTC' });
    expect(parseCommand('GP eth/usd')).toEqual({ type: 'open', kind: 'chart', symbol: 'ETH/USD' });
    expect(parseCommand('HELP')).toEqual({ type: 'open', kind: 'help' });
    expect(parseCommand('close all')).toEqual({ type: 'close-all' });
  });
  it('explains what is wrong', () => {
    expect(parseCommand('')).toEqual({ type: 'error', message: 'Type a command, e.g. QM, CHART BTC or HELP' });
    expect(parseCommand('CHART')).toEqual({ type: 'error', message: 'CHART needs a symbol, e.g. CHART BTC' });
    expect(parseCommand('CHART <script>')).toEqual({ type: 'error', message: 'Not a symbol: <SCRIPT>' });
    expect(parseCommand('FOO')).toEqual({ type: 'error', message: 'Unknown command: FOO (try HELP)' });
    expect(parseCommand('CLOSE')).toEqual({ type: 'error', message: 'Did you mean CLOSE ALL?' });
  });
});
