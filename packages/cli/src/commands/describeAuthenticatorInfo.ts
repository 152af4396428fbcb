import type { PinRetries } from '@keybridge/client';
import { CtapHidCapability, type AuthenticatorInfo } from '@keybridge/ctap';
import { algorithmName } from '../format/algorithmName.js';
import { formatAaguid } from '../format/formatAaguid.js';
import type { Paint } from '../output/createPaint.js';

/** What `keybridge info` knows about the key. */
export interface AuthenticatorFacts {
  device: { description: string; deviceVersion: readonly [number, number, number]; capabilities: number };
  /** getInfo; undefined for a U2F-only key. */
  info?: AuthenticatorInfo;
  /** The U2F version string of a U2F-only key. */
  u2fVersion?: string;
  /** getPINRetries, when the key supports a PIN and answered. */
  pinRetries?: PinRetries;
}

function capabilityNames(capabilities: number): string[] {
  const names: string[] = [];
  if (capabilities & CtapHidCapability.WINK) names.push('wink');
  if (capabilities & CtapHidCapability.CBOR) names.push('cbor');
  if (!(capabilities & CtapHidCapability.NMSG)) names.push('msg');
  return names;
}

/** PIN state in words: "not supported", "not set", "set", with the retries and a block if there is one. */
function pinStateWords(info: AuthenticatorInfo, retries: PinRetries | undefined): string {
  const clientPin = info.options?.clientPin;
  if (clientPin === undefined) return 'not supported';
  const parts = [clientPin ? 'set' : 'not set'];
  if (retries && clientPin) {
    if (retries.pinRetries === 0) parts.push('blocked: the key must be reset');
    else parts.push(`${retries.pinRetries} attempt${retries.pinRetries === 1 ? '' : 's'} left`);
    if (retries.powerCycleState) parts.push('entry blocked until the key is unplugged and plugged back in');
  }
  if (info.minPINLength !== undefined) parts.push(`minimum length ${info.minPINLength}`);
  if (info.forcePINChange) parts.push('must be changed before use');
  return parts.join(', ');
}

/** getInfo (and the PIN retries) as --json data and as lines for a person. */
export function describeAuthenticatorInfo(facts: AuthenticatorFacts, paint: Paint): { json: Record<string, unknown>; text: string } {
  const { device, info } = facts;
  const ctaphid = { deviceVersion: device.deviceVersion.join('.'), capabilities: capabilityNames(device.capabilities) };
  const rows: Array<[string, string]> = [['Device', `${device.description} (device version ${ctaphid.deviceVersion}; ${ctaphid.capabilities.join(', ')})`]];
  if (!info) {
    const versions = facts.u2fVersion === undefined ? [] : [facts.u2fVersion];
    rows.push(['Protocol', 'U2F only (CTAP1): no PIN, no discoverable credentials'], ['Versions', versions.join(', ') || 'unknown']);
    return { json: { device: device.description, protocol: 'U2F', ctaphid, versions }, text: formatRows(rows, paint) };
  }

  const pin: Record<string, unknown> = { supported: info.options?.clientPin !== undefined, set: info.options?.clientPin === true };
  if (facts.pinRetries) {
    pin.retries = facts.pinRetries.pinRetries;
    pin.blocked = facts.pinRetries.pinRetries === 0;
    if (facts.pinRetries.powerCycleState !== undefined) pin.powerCycleRequired = facts.pinRetries.powerCycleState;
  }
  if (info.minPINLength !== undefined) pin.minLength = info.minPINLength;
  if (info.forcePINChange !== undefined) pin.forceChange = info.forcePINChange;
  if (info.pinUvAuthProtocols !== undefined) pin.protocols = info.pinUvAuthProtocols;

  const algorithms = (info.algorithms ?? []).map((parameters) => ({ type: parameters.type, alg: parameters.alg, name: algorithmName(parameters.alg) }));
  const json: Record<string, unknown> = {
    device: device.description,
    protocol: 'CTAP2',
    ctaphid,
    versions: info.versions,
    aaguid: formatAaguid(info.aaguid),
    options: info.options ?? {},
    pin,
    remainingDiscoverableCredentials: info.remainingDiscoverableCredentials ?? null,
    algorithms,
    extensions: info.extensions ?? [],
    transports: info.transports ?? [],
  };
  if (info.maxMsgSize !== undefined) json.maxMsgSize = info.maxMsgSize;
  if (info.firmwareVersion !== undefined) json.firmwareVersion = info.firmwareVersion;
  if (info.maxCredentialCountInList !== undefined) json.maxCredentialCountInList = info.maxCredentialCountInList;
  if (info.maxCredentialIdLength !== undefined) json.maxCredentialIdLength = info.maxCredentialIdLength;
  if (info.maxCredBlobLength !== undefined) json.maxCredBlobLength = info.maxCredBlobLength;
  if (info.certifications !== undefined) json.certifications = info.certifications;

  const options = Object.entries(info.options ?? {})
    .filter((entry): entry is [string, boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${name} ${value ? paint.green('yes') : paint.dim('no')}`);
  rows.push(
    ['Versions', info.versions.join(', ')],
    ['AAGUID', formatAaguid(info.aaguid)],
    ['PIN', pinStateWords(info, facts.pinRetries)],
    ['PIN protocols', (info.pinUvAuthProtocols ?? []).join(', ') || 'none'],
    [
      'Discoverable',
      info.remainingDiscoverableCredentials === undefined
        ? 'the key does not say how many more credentials fit'
        : `room for ${info.remainingDiscoverableCredentials} more credential${info.remainingDiscoverableCredentials === 1 ? '' : 's'}`,
    ],
    ['Algorithms', algorithms.map((algorithm) => `${algorithm.name} (${algorithm.alg})`).join(', ') || 'not listed (ES256 at least)'],
    ['Extensions', (info.extensions ?? []).join(', ') || 'none'],
    ['Transports', (info.transports ?? []).join(', ') || 'not listed'],
    ['Options', options.join(', ') || 'none'],
  );
  if (info.maxMsgSize !== undefined) rows.push(['Max message', `${info.maxMsgSize} bytes`]);
  if (info.firmwareVersion !== undefined) rows.push(['Firmware', String(info.firmwareVersion)]);
  return { json, text: formatRows(rows, paint) };
}

function formatRows(rows: Array<[string, string]>, paint: Paint): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${paint.bold(label.padEnd(width))}  ${value}`).join('\n');
}
