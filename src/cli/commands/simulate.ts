/** `thm simulate`: dispatch entry (the command lives in ../simulate.ts). */
export { summary, usage, run } from '../simulate.js';
