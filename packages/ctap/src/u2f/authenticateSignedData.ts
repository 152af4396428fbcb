/** What an AUTHENTICATE signature covers: application || userPresence || counter (4, BE) || challenge. */
export function authenticateSignedData(application: Uint8Array, userPresence: number, counter: number, challenge: Uint8Array): Uint8Array {
  const out = new Uint8Array(application.length + 5 + challenge.length);
  out.set(application);
  out[application.length] = userPresence;
  new DataView(out.buffer).setUint32(application.length + 1, counter);
  out.set(challenge, application.length + 5);
  return out;
}
