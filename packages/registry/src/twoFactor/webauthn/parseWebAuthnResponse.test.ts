import { describe, expect, it } from 'vitest';
import { parseAuthenticationResponse, parseRegistrationResponse, WebAuthnResponseError } from './parseWebAuthnResponse.js';
import { maxAttestationObjectChars } from './webauthnRules.js';

const registration = () => ({
  id: 'AAEC',
  rawId: 'AAEC',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['usb', 'nfc'] },
  clientExtensionResults: { credProps: { rk: false } },
  authenticatorAttachment: 'cross-platform',
});

const assertion = () => ({
  id: 'AAEC',
  rawId: 'AAEC',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA', userHandle: null },
  clientExtensionResults: {},
});

function messageOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(WebAuthnResponseError);
    return (error as Error).message;
  }
  throw new Error('expected a WebAuthnResponseError');
}

describe('parseRegistrationResponse', () => {
  it('keeps the members SimpleWebAuthn reads, known transports only (sorted, once each), and drops the rest', () => {
    const value = { ...registration(), extra: 'x'.repeat(10), response: { ...registration().response, transports: ['usb', 'smoke-signal', 'nfc', 'usb'], publicKey: 'AA' } };
    expect(parseRegistrationResponse(value)).toEqual({
      id: 'AAEC',
      rawId: 'AAEC',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['nfc', 'usb'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    });
    const { transports: _omitted, ...withoutTransports } = registration().response;
    expect(parseRegistrationResponse({ ...registration(), response: withoutTransports }).response.transports).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'text', 'the response must be a JSON object'],
    ['an array', [], 'the response must be a JSON object'],
    ['no id', { ...registration(), id: undefined }, 'id must be a base64url string'],
    ['an empty id', { ...registration(), id: '', rawId: '' }, 'id must not be empty'],
    ['a padded id', { ...registration(), id: 'AAE=', rawId: 'AAE=' }, 'id is not base64url (A–Z, a–z, 0–9, - and _, unpadded)'],
    ['rawId unlike id', { ...registration(), rawId: 'AAED' }, 'rawId must equal id'],
    ['another type', { ...registration(), type: 'password' }, 'type must be "public-key"'],
    ['no response', { ...registration(), response: null }, 'response must be a JSON object'],
    ['a numeric clientDataJSON', { ...registration(), response: { ...registration().response, clientDataJSON: 12 } }, 'response.clientDataJSON must be a base64url string'],
    ['standard base64', { ...registration(), response: { ...registration().response, attestationObject: 'a+b/' } }, 'response.attestationObject is not base64url (A–Z, a–z, 0–9, - and _, unpadded)'],
    ['an impossible length', { ...registration(), response: { ...registration().response, attestationObject: 'AAAAA' } }, 'response.attestationObject is not base64url (A–Z, a–z, 0–9, - and _, unpadded)'],
    ['transports not a list', { ...registration(), response: { ...registration().response, transports: 'usb' } }, 'response.transports must be a list of at most 16 short strings'],
    ['an unknown attachment', { ...registration(), authenticatorAttachment: 'bluetooth' }, 'authenticatorAttachment must be "cross-platform" or "platform"'],
    ['extension results not an object', { ...registration(), clientExtensionResults: [] }, 'clientExtensionResults must be an object'],
  ])('refuses %s, saying what is wrong', (_, value, message) => {
    expect(messageOf(() => parseRegistrationResponse(value))).toBe(message);
  });

  it('refuses an attestation object over the cap before anything decodes it', () => {
    const huge = { ...registration(), response: { ...registration().response, attestationObject: 'A'.repeat(maxAttestationObjectChars + 4) } };
    expect(messageOf(() => parseRegistrationResponse(huge))).toBe(`response.attestationObject is ${maxAttestationObjectChars + 4} characters long; at most ${maxAttestationObjectChars} are accepted`);
  });
});

describe('parseAuthenticationResponse', () => {
  it('accepts a null or absent user handle and keeps a given one', () => {
    expect(parseAuthenticationResponse(assertion()).response).toEqual({ clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' });
    expect(parseAuthenticationResponse({ ...assertion(), response: { ...assertion().response, userHandle: 'dXNlcg' } }).response.userHandle).toBe('dXNlcg');
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'the response must be a JSON object'],
    ['no signature', { ...assertion(), response: { ...assertion().response, signature: undefined } }, 'response.signature must be a base64url string'],
    ['a huge signature', { ...assertion(), response: { ...assertion().response, signature: 'A'.repeat(4096) } }, 'response.signature is 4096 characters long; at most 2048 are accepted'],
    ['a user handle that is not text', { ...assertion(), response: { ...assertion().response, userHandle: 7 } }, 'response.userHandle must be a base64url string'],
  ])('refuses %s', (_, value, message) => {
    expect(messageOf(() => parseAuthenticationResponse(value))).toBe(message);
  });
});
