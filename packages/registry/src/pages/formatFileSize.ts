const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** A size for people, in decimal units as pip and PyPI show them: "512 bytes", "14.2 kB", "3.0 MB". */
export function formatFileSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
