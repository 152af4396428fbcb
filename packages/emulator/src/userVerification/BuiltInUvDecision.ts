/** What the emulated finger does on a built-in sensor (a fingerprint key): it matches, or it does not. */
export type BuiltInUvDecision = 'approve' | 'deny';
