import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  knownTransports,
  maxAttestationObjectChars,
  maxAuthenticatorDataChars,
  maxClientDataJsonChars,
  maxCredentialIdChars,
  maxSignatureChars,
  maxUserHandleChars,
} from './webauthnRules.js';

/** A response that is not the JSON a WebAuthn client sends; the message names the member and what is wrong with it. */
export class WebAuthnResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebAuthnResponseError';
  }
}

const base64url = /^[A-Za-z0-9_-]*$/;

/**
 * A RegistrationResponseJSON (what navigator.credentials.create() gives, in JSON), checked member by member and
 * rebuilt from the members SimpleWebAuthn reads, so that nothing unchecked or oversized reaches it.
 */
export function parseRegistrationResponse(value: unknown): RegistrationResponseJSON {
  const credential = parseCredential(value);
  const response = object(credential.fields.response, 'response');
  const parsed: RegistrationResponseJSON = {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    response: {
      clientDataJSON: text(response.clientDataJSON, 'response.clientDataJSON', maxClientDataJsonChars),
      attestationObject: text(response.attestationObject, 'response.attestationObject', maxAttestationObjectChars),
      transports: transports(response.transports),
    },
    clientExtensionResults: {},
  };
  if (credential.attachment) parsed.authenticatorAttachment = credential.attachment;
  return parsed;
}

/** An AuthenticationResponseJSON (navigator.credentials.get()), checked and rebuilt as parseRegistrationResponse does. */
export function parseAuthenticationResponse(value: unknown): AuthenticationResponseJSON {
  const credential = parseCredential(value);
  const response = object(credential.fields.response, 'response');
  const parsed: AuthenticationResponseJSON = {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    response: {
      clientDataJSON: text(response.clientDataJSON, 'response.clientDataJSON', maxClientDataJsonChars),
      authenticatorData: text(response.authenticatorData, 'response.authenticatorData', maxAuthenticatorDataChars),
      signature: text(response.signature, 'response.signature', maxSignatureChars),
    },
    clientExtensionResults: {},
  };
  // Browsers send null for "no user handle"; a non-discoverable credential has none.
  if (response.userHandle !== undefined && response.userHandle !== null) {
    parsed.response.userHandle = text(response.userHandle, 'response.userHandle', maxUserHandleChars);
  }
  if (credential.attachment) parsed.authenticatorAttachment = credential.attachment;
  return parsed;
}

/** The members both kinds share: id (= rawId, base64url), type "public-key", and the optional attachment. */
function parseCredential(value: unknown): { id: string; attachment: 'cross-platform' | 'platform' | undefined; fields: Record<string, unknown> } {
  const fields = object(value, 'the response');
  const id = text(fields.id, 'id', maxCredentialIdChars);
  if (id === '') throw new WebAuthnResponseError('id must not be empty');
  if (fields.rawId !== id) throw new WebAuthnResponseError('rawId must equal id');
  if (fields.type !== 'public-key') throw new WebAuthnResponseError('type must be "public-key"');
  const attachment = fields.authenticatorAttachment;
  if (attachment !== undefined && attachment !== null && attachment !== 'cross-platform' && attachment !== 'platform') {
    throw new WebAuthnResponseError('authenticatorAttachment must be "cross-platform" or "platform"');
  }
  const results = fields.clientExtensionResults;
  if (results !== undefined && (typeof results !== 'object' || results === null || Array.isArray(results))) {
    throw new WebAuthnResponseError('clientExtensionResults must be an object');
  }
  return { id, attachment: attachment ?? undefined, fields };
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WebAuthnResponseError(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** A base64url member (unpadded, as WebAuthn's JSON has them) of at most `max` characters. */
function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string') throw new WebAuthnResponseError(`${name} must be a base64url string`);
  if (value.length > max) throw new WebAuthnResponseError(`${name} is ${value.length} characters long; at most ${max} are accepted`);
  if (!base64url.test(value) || value.length % 4 === 1) throw new WebAuthnResponseError(`${name} is not base64url (A–Z, a–z, 0–9, - and _, unpadded)`);
  return value;
}

function transports(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 16 || value.some((item) => typeof item !== 'string' || item.length > 32)) {
    throw new WebAuthnResponseError('response.transports must be a list of at most 16 short strings');
  }
  return [...new Set(value as string[])].filter((item) => knownTransports.includes(item)).sort();
}
