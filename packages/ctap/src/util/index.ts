export { equalBytes } from './equalBytes.js';
export { SerialQueue } from './SerialQueue.js';
