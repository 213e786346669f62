/// The symbols of the existing backend and the prices the simulated feed
/// starts from (plausible late-2024 levels, so the terminal looks real).
export const DEFAULT_SYMBOLS = Object.freeze({
  BTC: 67000,
  ETH: 2650,
  SOL: 180,
  ADA: 0.45,
  DOT: 7.2,
  LINK: 14.5,
  JUP: 0.95,
  RAY: 1.8,
  JTO: 2.9,
  WIF: 2.4,
  BONK: 0.000025,
  PYTH: 0.42,
});

/// What a client may call a symbol: short, printable, no spaces. Anything
/// else in a subscribe frame is a malformed frame.
export const SYMBOL_PATTERN = /^[A-Za-z0-9._\/-]{1,32}$/;
