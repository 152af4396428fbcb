/** A security key as its owner sees it in lists (never the credential id or public key). */
export interface StoredSecurityKey {
  id: number;
  name: string;
  /** The metadata statement's description for the key's AAGUID, when the operator's trust directory has one. */
  model: string | null;
  aaguid: string;
  /** The attestation statement format the key answered with ('packed', 'none', …). */
  attestationFormat: string;
  /** True only when the attestation chained to a root in the operator's trust directory. */
  attestationVerified: boolean;
  transports: string[];
  backupEligible: boolean;
  backupState: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A webauthn_credentials row, as both dialects hand it back (SQLite: numbers for booleans and times). */
export interface SecurityKeyRow {
  id: number;
  user_id: number;
  credential_id: string;
  name: string;
  public_key: string;
  counter: number | string;
  transports: string;
  backup_eligible: unknown;
  backup_state: unknown;
  aaguid: string;
  attestation_format: string;
  attestation_verified: unknown;
  model: string | null;
  created_at: string | number | Date;
  last_used_at: string | number | Date | null;
}

export function describeSecurityKeyRow(row: SecurityKeyRow): StoredSecurityKey {
  return {
    id: Number(row.id),
    name: row.name,
    model: row.model,
    aaguid: row.aaguid,
    attestationFormat: row.attestation_format,
    attestationVerified: Boolean(row.attestation_verified),
    transports: parseTransports(row.transports),
    backupEligible: Boolean(row.backup_eligible),
    backupState: Boolean(row.backup_state),
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
  };
}

export function parseTransports(stored: string): string[] {
  const list = JSON.parse(stored) as unknown;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}
