import type { DateView } from './PageViews.js';

const dateOnly = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const withTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: 'UTC' });

/**
 * `date` for a page: "Mar 5, 2025", or with `time` "Mar 5, 2025, 14:05 UTC" (UTC, as the registry does not know the
 * reader's zone), and its ISO form.
 */
export function dateView(date: Date, options: { time?: boolean } = {}): DateView {
  return { iso: date.toISOString(), text: options.time ? `${withTime.format(date)} UTC` : dateOnly.format(date) };
}
