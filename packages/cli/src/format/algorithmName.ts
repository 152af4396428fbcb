import { CoseAlgorithm } from '@keybridge/ctap';

const names = new Map<number, string>(Object.entries(CoseAlgorithm).map(([name, value]) => [value, name]));

/** A COSE algorithm identifier in words: -7 → "ES256"; an unknown one → "COSE -999". */
export function algorithmName(alg: number): string {
  return names.get(alg) ?? `COSE ${alg}`;
}
