// The terminal's lint rules apply to its tests too (see web/terminal/eslint.config.js).
export { default } from '../../web/terminal/eslint.config.js';
