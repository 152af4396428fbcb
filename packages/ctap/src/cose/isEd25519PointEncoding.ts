// Ed25519 field prime and curve constant d = -121665/121666 (RFC 8032 §5.1).
const P = 2n ** 255n - 19n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
    e >>= 1n;
  }
  return result;
}

const D = mod(-121665n * power(121666n, P - 2n));

/**
 * Whether 32 bytes decode to a point of edwards25519 (RFC 8032 §5.1.3). node:crypto imports any 32 bytes as an
 * Ed25519 public key, so this is the only place an invalid one is caught before a signature check.
 */
export function isEd25519PointEncoding(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false;
  const bigEndian = Uint8Array.from(bytes).reverse();
  const xSign = (bigEndian[0]! & 0x80) !== 0;
  bigEndian[0] = bigEndian[0]! & 0x7f;
  const y = BigInt(`0x${Buffer.from(bigEndian).toString('hex')}`);
  if (y >= P) return false;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  // Candidate root x = u v^3 (u v^7)^((p-5)/8); x exists iff v x^2 = ±u.
  const x = mod(u * power(v, 3n) * power(u * power(v, 7n), (P - 5n) / 8n));
  const vx2 = mod(v * x * x);
  if (vx2 !== u && vx2 !== mod(-u)) return false;
  // x = 0 has only one encoding: a set sign bit there is invalid.
  return !(u === 0n && xSign);
}
