/// Pyth price feed ids (Crypto.X/USD on Pythnet) for the existing backend's
/// symbols. Each id was checked against several independent published lists
/// (https://pyth.network/developers/price-feed-ids is the source of truth).
export const DEFAULT_PYTH_IDS = Object.freeze({
  BTC: 'e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43',
  ETH: 'ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace',
  SOL: 'ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d',
  ADA: '2a01deaec9e51a579277b34b122399984d0bbf57e2458a7e42fecd2829867a0d',
  DOT: 'ca3eed9b267293f6595901c734c7525ce8ef49adafe8284606ceb307afa2ca5b',
  LINK: '8ac0c70fff57e9aefdf5edf44b51d62c2d433653cbb2cf5cc06bb115af04d221',
  JUP: '0a0408d619e9380abad35060f9192039ed5042fa6f82301d0e48bb52be830996',
  RAY: '91568baa8beb53db23eb3fb7f22c6e8bd303d103919e19733f2bb642d3e7987a',
  JTO: 'b43660a5f790c69354b0729a5ef9d50d68f1df92107540210b9cccba1f947cc2',
  WIF: '4ca4beeca86f0d164160323817a4e42b10010a724c2217c6ee41b54cd4cc61fc',
  BONK: '72b021217ca3fe68922a19aaf990109cb9d84e9ad004b4d2025ad6f529314419',
  PYTH: '0bbf28e9a841a1cc788f6a361b17ca072d0ea3098a1e5df1c3922d06719579ff',
});

/**
 * Parses `--pyth-ids` entries "SYM=hexid" into { SYM: id } (ids lower-case, no 0x).
 * @param {string[] | undefined} entries
 */
export function parsePythIds(entries) {
  if (!entries?.length) return { ...DEFAULT_PYTH_IDS };
  const out = {};
  for (const e of entries) {
    const m = /^([A-Za-z0-9._\/-]{1,32})=(?:0x)?([0-9a-fA-F]{64})$/.exec(e);
    if (!m) throw new Error(`--pyth-ids entry must be SYMBOL=<64 hex digits>, got ${JSON.stringify(e)}`);
    out[m[1]] = m[2].toLowerCase();
  }
  return out;
}
