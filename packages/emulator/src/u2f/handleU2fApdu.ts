import { createPublicKey, randomBytes, sign } from 'node:crypto';
import {
  equalBytes,
  U2fApduError,
  U2fAuthenticateControl,
  U2fInstruction,
  U2fStatusWord,
  authenticateSignedData,
  createKeyPair,
  decodeApdu,
  encodeApduResponse,
  encodeAuthenticateResponse,
  encodeRegisterResponse,
  parseAuthenticateRequest,
  parseRegisterRequest,
  registerSignedData,
} from '@keybridge/ctap';
import type { AuthenticatorCore } from '../AuthenticatorCore.js';
import type { StoredCredential } from '../state/AuthenticatorState.js';
import type { RequestContext } from '../userPresence/RequestContext.js';
import { countSignature } from '../state/countSignature.js';
import { credentialPrivateKey } from '../state/credentialPrivateKey.js';

const U2F_VERSION = new TextEncoder().encode('U2F_V2');
const KEY_HANDLE_LENGTH = 64;
/** ISO 7816-4 "no precise diagnosis": our own failure, not the host's. */
const SW_NO_PRECISE_DIAGNOSIS = 0x6f00;

function statusOnly(statusWord: number): Uint8Array {
  return encodeApduResponse(new Uint8Array(0), statusWord);
}

function uncompressedPoint(credential: StoredCredential): Uint8Array {
  const jwk = createPublicKey(credentialPrivateKey(credential)).export({ format: 'jwk' });
  return Buffer.concat([Buffer.of(4), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

async function register(core: AuthenticatorCore, data: Uint8Array): Promise<Uint8Array> {
  const { challenge, application } = parseRegisterRequest(data);
  if (!(await core.u2fTouch())) return statusOnly(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
  const { privateKey } = createKeyPair('P-256');
  const credential: StoredCredential = {
    id: Uint8Array.from(randomBytes(KEY_HANDLE_LENGTH)),
    rpIdHash: Uint8Array.from(application),
    algorithm: -7,
    privateKeyPkcs8: Uint8Array.from(privateKey.export({ format: 'der', type: 'pkcs8' })),
    discoverable: false,
    credProtect: 1,
    signCount: 0,
    createdAt: ++core.state.creationCounter,
    u2f: true,
  };
  core.state.credentials.push(credential);
  await core.persist();
  const userPublicKey = uncompressedPoint(credential);
  const { certificateDer, privateKey: attestationKey } = core.config.attestationMaterial;
  const signature = sign('sha256', registerSignedData(application, challenge, credential.id, userPublicKey), attestationKey);
  return encodeApduResponse(
    encodeRegisterResponse({ userPublicKey, keyHandle: credential.id, attestationCertificate: certificateDer, signature }),
    U2fStatusWord.NO_ERROR,
  );
}

async function authenticate(core: AuthenticatorCore, control: number, data: Uint8Array): Promise<Uint8Array> {
  const { challenge, application, keyHandle } = parseAuthenticateRequest(data);
  const credential = core.state.credentials.find(
    (candidate) => candidate.algorithm === -7 && candidate.credProtect < 3 && equalBytes(candidate.id, keyHandle) && equalBytes(candidate.rpIdHash, application),
  );
  if (!credential) return statusOnly(U2fStatusWord.WRONG_DATA);
  if (control === U2fAuthenticateControl.CHECK_ONLY) return statusOnly(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
  let userPresence = 0;
  if (control === U2fAuthenticateControl.ENFORCE) {
    if (!(await core.u2fTouch())) return statusOnly(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
    userPresence = 1;
  } else if (control !== U2fAuthenticateControl.DONT_ENFORCE) {
    return statusOnly(U2fStatusWord.WRONG_DATA);
  }
  const counter = await countSignature(core, credential);
  const privateKey = credentialPrivateKey(credential);
  const signature = sign('sha256', authenticateSignedData(application, userPresence, counter, challenge), privateKey);
  return encodeApduResponse(encodeAuthenticateResponse({ userPresence, counter, signature }), U2fStatusWord.NO_ERROR);
}

/** CTAP1/U2F over CTAPHID_MSG: VERSION, REGISTER, AUTHENTICATE. Every fault is a status word, never an exception. */
export async function handleU2fApdu(core: AuthenticatorCore, apdu: Uint8Array, _context: RequestContext): Promise<Uint8Array> {
  try {
    const command = decodeApdu(apdu);
    switch (command.ins) {
      case U2fInstruction.VERSION:
        if (command.data.length !== 0) return statusOnly(U2fStatusWord.WRONG_LENGTH);
        return encodeApduResponse(U2F_VERSION, U2fStatusWord.NO_ERROR);
      case U2fInstruction.REGISTER:
        return await register(core, command.data);
      case U2fInstruction.AUTHENTICATE:
        return await authenticate(core, command.p1, command.data);
      default:
        return statusOnly(U2fStatusWord.INS_NOT_SUPPORTED);
    }
  } catch (error) {
    if (error instanceof U2fApduError) return statusOnly(error.statusWord);
    process.stderr.write(`keybridge-emulator: internal U2F error: ${(error as Error).stack ?? String(error)}\n`);
    return statusOnly(SW_NO_PRECISE_DIAGNOSIS);
  }
}
