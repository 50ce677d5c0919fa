/** The arena lives with the text code, whose tokens are carved from one too; re-exported for the index. */
export { Arena } from '../text/arena.js';
