// A fuzz harness for the client's CTAP2 answer parsers, as libfido2 keeps one per parser: real answers recorded from
// two firmwares (solo, canokey-core; ../shared/fixtures/firmware-vectors), garbled at random, are given to the session's
// operations. Each must end in a result, the CtapError of the status byte the device sent, or a CtapClientError that
// says the answer was malformed: never another exception (a TypeError from a missing member, a RangeError from a
// short buffer), and never a request loop that does not end.
import {
  CtapError,
  Ctap2Command,
  ClientPinSubcommand,
  CredentialManagementResponseKey,
  CredentialManagementSubCommand,
  CtapHidCapability,
  decodeCbor,
  decodeCtap2Request,
  encodeCbor,
  PinUvAuthTokenPermissions,
  type CborMap,
} from '@keybridge/ctap';
import { createAuthenticator } from '@keybridge/emulator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firmwareNames, firmwareVectors, type FirmwareName } from '../../../../test/support/firmwareVectors.js';
import { fuzzRuns, garbledBytes } from '../../../../test/support/garbledBytes.js';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapDevice } from '../hid/CtapDevice.js';
import { Ctap2Session } from './Ctap2Session.js';
import { inProcessDevice } from './testing/inProcessDevice.js';
import { MAX_ANNOUNCED_ITEMS } from './readAnnouncedCount.js';

interface Exchange {
  response: string;
}
interface RecordedAnswers {
  inputs: {
    rp: { id: string; name: string };
    user: { id: string; name: string; displayName: string };
    clientDataHash: { create: string; get: string };
  };
  getInfo: { exchange: Exchange };
  makeCredential: { exchange: Exchange };
  getAssertion: { exchange: Exchange; credential: { id: string; type: 'public-key' } };
  discoverable: { getAssertion: { exchange: Exchange }; getNextAssertion: { exchange: Exchange }[] };
  clientPin: { getPinRetries: Exchange; getPinToken: { getKeyAgreement: Exchange; getPinToken: Exchange } };
}

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

/** The operations under test, each with the answer it garbles (the others are answered as recorded). */
const operations = [
  'getInfo',
  'makeCredential',
  'getAssertion',
  'discoverableGetAssertion',
  'getNextAssertion',
  'getPinRetries',
  'getKeyAgreement',
  'getPinToken',
] as const;
type Operation = (typeof operations)[number];

/** Which recorded answer a request gets: by CTAP command, and by sub-command for clientPIN. */
function answerKey(message: Uint8Array): Operation | undefined {
  switch (message[0]) {
    case Ctap2Command.getInfo:
      return 'getInfo';
    case Ctap2Command.makeCredential:
      return 'makeCredential';
    case Ctap2Command.getAssertion:
      // With an allow list (parameter 3) the recorded answer names its credential; without, it counts the
      // discoverable ones (numberOfCredentials), and getNextAssertion follows.
      return decodeCtap2Request(message).parameters?.has(3) ? 'getAssertion' : 'discoverableGetAssertion';
    case Ctap2Command.getNextAssertion:
      return 'getNextAssertion';
    case Ctap2Command.clientPIN: {
      const subCommand = decodeCtap2Request(message).parameters?.get(2);
      if (subCommand === ClientPinSubcommand.getPINRetries) return 'getPinRetries';
      if (subCommand === ClientPinSubcommand.getKeyAgreement) return 'getKeyAgreement';
      return 'getPinToken';
    }
    default:
      return undefined;
  }
}

/** The firmware's recorded answer to each operation's request. */
function recordedAnswers(recorded: RecordedAnswers): Record<Operation, Uint8Array> {
  return {
    getInfo: hex(recorded.getInfo.exchange.response),
    makeCredential: hex(recorded.makeCredential.exchange.response),
    getAssertion: hex(recorded.getAssertion.exchange.response),
    discoverableGetAssertion: hex(recorded.discoverable.getAssertion.exchange.response),
    getNextAssertion: hex(recorded.discoverable.getNextAssertion[0]!.exchange.response),
    getPinRetries: hex(recorded.clientPin.getPinRetries.response),
    getKeyAgreement: hex(recorded.clientPin.getPinToken.getKeyAgreement.response),
    getPinToken: hex(recorded.clientPin.getPinToken.getPinToken.response),
  };
}

/** A device that answers each request with the firmware's recorded answer, or `garbled` for the one under test. */
function recordedDevice(recorded: RecordedAnswers, operation: Operation, garbled: Uint8Array, counter: { requests: number }): CtapDevice {
  const answers = { ...recordedAnswers(recorded), [operation]: garbled };
  return {
    capabilities: CtapHidCapability.CBOR | CtapHidCapability.NMSG, // CTAP2 only, as the recorded getInfo says
    deviceVersion: [1, 0, 0],
    description: 'recorded answers',
    cbor(message) {
      counter.requests++;
      const key = answerKey(message);
      return Promise.resolve(key === undefined ? Uint8Array.of(0x01) : answers[key].slice());
    },
    msg: () => Promise.reject(new Error('no U2F here')),
    ping: (data) => Promise.resolve(data),
    wink: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Runs `operation` the way a caller does, on a session opened over `device`. */
async function run(operation: Operation, device: CtapDevice, recorded: RecordedAnswers): Promise<unknown> {
  const session = await Ctap2Session.open(device);
  const { inputs } = recorded;
  switch (operation) {
    case 'getInfo':
      return session.info;
    case 'makeCredential':
      return session.makeCredential({
        clientDataHash: hex(inputs.clientDataHash.create),
        rp: inputs.rp,
        user: { ...inputs.user, id: hex(inputs.user.id) },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      });
    case 'getAssertion': {
      const { credential } = recorded.getAssertion;
      return session.getAssertion({ rpId: inputs.rp.id, clientDataHash: hex(inputs.clientDataHash.get), allowList: [{ type: credential.type, id: hex(credential.id) }] });
    }
    case 'discoverableGetAssertion':
    case 'getNextAssertion':
      return session.getAssertion({ rpId: inputs.rp.id, clientDataHash: hex(inputs.clientDataHash.get) });
    case 'getPinRetries':
      return session.clientPin.getPinRetries();
    case 'getKeyAgreement':
    case 'getPinToken':
      return session.clientPin.getPinUvAuthToken('1234', { permissions: PinUvAuthTokenPermissions.ga, rpId: inputs.rp.id });
  }
}

/** What the operation ended in: a value, or the error it threw. */
async function settle(promise: Promise<unknown>): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('garbled device answers (fuzz harness of the CTAP2 answer parsers)', () => {
  it.each(firmwareNames.flatMap((firmware) => operations.map((operation) => [firmware, operation] as [FirmwareName, Operation])))(
    '%s, %s: a result, the status the device sent, or PROTOCOL_ERROR; never another exception or an endless loop',
    async (firmware, operation) => {
      const recorded = firmwareVectors<RecordedAnswers>(firmware);
      const original = recordedAnswers(recorded)[operation];
      await fc.assert(
        fc.asyncProperty(garbledBytes(original), async (answer) => {
          const counter = { requests: 0 };
          const outcome = await settle(run(operation, recordedDevice(recorded, operation, answer, counter), recorded));
          // Each operation takes a few requests, getAssertion one more per credential the device counts: bounded.
          expect(counter.requests).toBeLessThanOrEqual(MAX_ANNOUNCED_ITEMS + 3);
          if (outcome.ok) return;
          const { error } = outcome;
          if (error instanceof CtapError) {
            // Only a status byte the device sent becomes a CtapError.
            expect(answer[0]).toBe(error.status);
            return;
          }
          expect(error).toBeInstanceOf(CtapClientError);
          expect((error as CtapClientError).code).toBe('PROTOCOL_ERROR');
        }),
        { numRuns: fuzzRuns },
      );
    },
  );

  it.each(firmwareNames)('%s: a discoverable getAssertion that counts 2^32 - 1 credentials is PROTOCOL_ERROR after one request, not 2^32 - 2 more', async (firmware) => {
    const recorded = firmwareVectors<RecordedAnswers>(firmware);
    const answer = hex(recorded.discoverable.getAssertion.exchange.response);
    const members = decodeCbor(answer.subarray(1)) as CborMap;
    expect(members.get(5)).toBeGreaterThan(1); // numberOfCredentials, as recorded
    members.set(5, 0xffffffff);
    const counter = { requests: 0 };
    const device = recordedDevice(recorded, 'discoverableGetAssertion', Uint8Array.from([0, ...encodeCbor(members)]), counter);
    const session = await Ctap2Session.open(device);
    counter.requests = 0;
    const failure = session.getAssertion({ rpId: recorded.inputs.rp.id, clientDataHash: hex(recorded.inputs.clientDataHash.get) });
    await expect(failure).rejects.toMatchObject({ code: 'PROTOCOL_ERROR', message: expect.stringMatching(/announces 4294967295 credentials for example\.org/) });
    expect(counter.requests).toBe(1);

    // The most it reads is still read whole.
    members.set(5, MAX_ANNOUNCED_ITEMS);
    const most = await Ctap2Session.open(recordedDevice(recorded, 'discoverableGetAssertion', Uint8Array.from([0, ...encodeCbor(members)]), counter));
    counter.requests = 0;
    expect(await most.getAssertion({ rpId: recorded.inputs.rp.id, clientDataHash: hex(recorded.inputs.clientDataHash.get) })).toHaveLength(MAX_ANNOUNCED_ITEMS);
    expect(counter.requests).toBe(MAX_ANNOUNCED_ITEMS);
  });

  it.each([
    ['enumerateRPsBegin', CredentialManagementSubCommand.enumerateRPsBegin, CredentialManagementResponseKey.totalRps, /announces 4294967295 relying parties/],
    ['enumerateCredentialsBegin', CredentialManagementSubCommand.enumerateCredentialsBegin, CredentialManagementResponseKey.totalCredentials, /announces 4294967295 credentials/],
  ] as const)('credential management: %s counting 2^32 - 1 items is PROTOCOL_ERROR after that request', async (_, subCommand, countKey, message) => {
    // The emulator answers; its answer to `subCommand` is rewritten to count 2^32 - 1 items.
    const emulated = inProcessDevice(await createAuthenticator({ pin: '1234' }));
    let afterRewrite = 0;
    const device: CtapDevice = {
      ...emulated,
      async cbor(request, options) {
        if (afterRewrite > 0) afterRewrite++;
        const answer = await emulated.cbor(request, options);
        if (request[0] !== Ctap2Command.credentialManagement || decodeCtap2Request(request).parameters?.get(1) !== subCommand || answer[0] !== 0) return answer;
        const members = decodeCbor(answer.subarray(1)) as CborMap;
        expect(members.get(countKey)).toBe(1);
        members.set(countKey, 0xffffffff);
        afterRewrite = 1;
        return Uint8Array.from([0, ...encodeCbor(members)]);
      },
    };
    const session = await Ctap2Session.open(device);
    const { mc, cm } = PinUvAuthTokenPermissions;
    await session.makeCredential({
      clientDataHash: new Uint8Array(32),
      rp: { id: 'example.org', name: 'Example' },
      user: { id: Uint8Array.of(1), name: 'alice', displayName: 'Alice' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      options: { rk: true },
      pinUvAuthToken: await session.clientPin.getPinUvAuthToken('1234', { permissions: mc, rpId: 'example.org' }),
    });
    const manager = session.credentialManagement(await session.clientPin.getPinUvAuthToken('1234', { permissions: cm }));
    const listed = subCommand === CredentialManagementSubCommand.enumerateRPsBegin ? manager.enumerateRps() : manager.enumerateCredentials('example.org');
    await expect(listed).rejects.toMatchObject({ code: 'PROTOCOL_ERROR', message: expect.stringMatching(message) });
    expect(afterRewrite).toBe(1);
  });
});
