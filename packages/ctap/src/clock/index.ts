export type { Clock } from './Clock.js';
export { systemClock } from './systemClock.js';
