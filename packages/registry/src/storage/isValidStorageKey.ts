// Slash-separated segments of letters, digits, '.', '_' and '-', none of them '.' or '..': no way out of the store.
const segment = /^[A-Za-z0-9._-]+$/;

/** Whether `key` is a storage key a FileStorage accepts (at most 255 characters). */
export function isValidStorageKey(key: string): boolean {
  if (key.length === 0 || key.length > 255) return false;
  return key.split('/').every((part) => segment.test(part) && part !== '.' && part !== '..');
}
