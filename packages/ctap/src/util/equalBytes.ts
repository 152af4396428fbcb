/** Whether two byte arrays hold the same bytes (views compared in place, no copies). Not for secrets: use timingSafeEqual. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
