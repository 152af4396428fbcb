import { CredentialProtectionPolicy } from '@keybridge/ctap';

const names = new Map<number, string>(Object.entries(CredentialProtectionPolicy).map(([name, value]) => [value, name]));

/** A credProtect level in words: 1 → "userVerificationOptional"; an unknown level → "level N". */
export function credProtectName(level: number): string {
  return names.get(level) ?? `level ${level}`;
}
