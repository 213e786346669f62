/// The command bar's language: a command word, then arguments.
import type { WindowKind } from './windows';

export type Command =
  | { type: 'open'; kind: WindowKind; symbol?: string }
  | { type: 'close-all' }
  | { type: 'error'; message: string };

/// Symbols are letters, digits and a few separators (BTC, ETH/USD, SOL-PERP);
/// 24 characters is well past any real ticker.
export const SYMBOL = /^[A-Z0-9][A-Z0-9/_.-]{0,23}$/;

export const COMMAND_HELP: Array<[string, string]> = [
  ['QM', 'open the Quote Monitor'],
  ['CHART <SYMBOL>', 'chart a symbol (also GP <SYMBOL>)'],
  ['HELP', 'list the commands'],
  ['CLOSE ALL', 'close every window'],
];

export function parseCommand(input: string): Command {
  const words = input.trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { type: 'error', message: 'Type a command, e.g. QM, CHART BTC or HELP' };
  const [cmd, ...args] = words;
  switch (cmd) {
    case 'QM':
    case 'QUOTES':
      return { type: 'open', kind: 'quotes' };
    case 'HELP':
    case '?':
      return { type: 'open', kind: 'help' };
    case 'CHART':
    case 'GP': {
      const symbol = args[0];
      if (!symbol) return { type: 'error', message: `${cmd} needs a symbol, e.g. ${cmd} BTC` };
      if (!SYMBOL.test(symbol)) return { type: 'error', message: `Not a symbol: ${symbol}` };
      return { type: 'open', kind: 'chart', symbol };
    }
    case 'CLOSE':
      if (args[0] === 'ALL') return { type: 'close-all' };
      return { type: 'error', message: 'Did you mean CLOSE ALL?' };
    default:
      return { type: 'error', message: `Unknown command: ${cmd} (try HELP)` };
  }
}
