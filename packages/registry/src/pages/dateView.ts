import type { DateView } from './PageViews.js';

const format = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** `date` for a page: "Mar 5, 2025" (UTC, as the registry does not know the reader's zone) and its ISO form. */
export function dateView(date: Date): DateView {
  return { iso: date.toISOString(), text: format.format(date) };
}
