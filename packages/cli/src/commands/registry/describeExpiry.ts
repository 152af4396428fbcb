/** "2026-05-01 18:00 UTC (in 12 hours)": when something ends, and how far off that is. */
export function describeExpiry(at: number, now = Date.now()): string {
  const minutes = Math.round((at - now) / 60_000);
  const inWords =
    minutes >= 48 * 60
      ? `${Math.round(minutes / (24 * 60))} days`
      : minutes >= 120
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.max(minutes, 0)} minute${minutes === 1 ? '' : 's'}`;
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC (in ${inWords})`;
}
