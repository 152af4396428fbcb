import { CtapHidCapability } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { createPaint } from '../output/createPaint.js';
import { describeAuthenticatorInfo } from './describeAuthenticatorInfo.js';

const device = { description: 'hid:/dev/hidraw0', deviceVersion: [5, 4, 3] as const, capabilities: CtapHidCapability.WINK | CtapHidCapability.CBOR };
const aaguid = Uint8Array.from(Buffer.from('ee882879721c491397753dfcce97072a', 'hex'));

describe('describeAuthenticatorInfo', () => {
  it('puts a CTAP 2.1 key in words, PIN retries included', () => {
    const { json, text } = describeAuthenticatorInfo(
      {
        device,
        info: {
          versions: ['FIDO_2_0', 'FIDO_2_1'],
          aaguid,
          options: { rk: true, clientPin: true, credMgmt: true, uv: false },
          pinUvAuthProtocols: [2, 1],
          algorithms: [
            { type: 'public-key', alg: -7 },
            { type: 'public-key', alg: -8 },
          ],
          extensions: ['credProtect', 'hmac-secret'],
          transports: ['usb', 'nfc'],
          minPINLength: 6,
          remainingDiscoverableCredentials: 1,
        },
        pinRetries: { pinRetries: 1, powerCycleState: true },
      },
      createPaint(false),
    );
    expect(json).toMatchObject({
      protocol: 'CTAP2',
      aaguid: 'ee882879-721c-4913-9775-3dfcce97072a',
      pin: { supported: true, set: true, retries: 1, powerCycleRequired: true, minLength: 6, protocols: [2, 1] },
      remainingDiscoverableCredentials: 1,
      algorithms: [
        { alg: -7, name: 'ES256' },
        { alg: -8, name: 'EdDSA' },
      ],
      ctaphid: { deviceVersion: '5.4.3', capabilities: ['wink', 'cbor', 'msg'] },
    });
    expect(text).toMatch(/^PIN +set, 1 attempt left, entry blocked until the key is unplugged and plugged back in, minimum length 6$/m);
    expect(text).toMatch(/^Discoverable +room for 1 more credential$/m);
    expect(text).toMatch(/^Algorithms +ES256 \(-7\), EdDSA \(-8\)$/m);
    expect(text).toMatch(/^Options +rk yes, clientPin yes, credMgmt yes, uv no$/m);
    expect(text).toMatch(/^Transports +usb, nfc$/m);
    expect(text).not.toContain('\u001b[');
  });

  it('tells a key without PIN support, and a blocked PIN, apart', () => {
    const noPin = describeAuthenticatorInfo({ device, info: { versions: ['FIDO_2_0'], aaguid } }, createPaint(false));
    expect(noPin.text).toMatch(/^PIN +not supported$/m);
    expect(noPin.json).toMatchObject({ pin: { supported: false, set: false }, remainingDiscoverableCredentials: null });
    const blocked = describeAuthenticatorInfo(
      { device, info: { versions: ['FIDO_2_0'], aaguid, options: { clientPin: true } }, pinRetries: { pinRetries: 0 } },
      createPaint(false),
    );
    expect(blocked.text).toMatch(/^PIN +set, blocked: the key must be reset$/m);
  });

  it('describes a U2F-only key without getInfo', () => {
    const { json, text } = describeAuthenticatorInfo(
      { device: { ...device, capabilities: CtapHidCapability.WINK }, u2fVersion: 'U2F_V2' },
      createPaint(false),
    );
    expect(json).toEqual({ device: 'hid:/dev/hidraw0', protocol: 'U2F', ctaphid: { deviceVersion: '5.4.3', capabilities: ['wink', 'msg'] }, versions: ['U2F_V2'] });
    expect(text).toMatch(/U2F only/);
  });

  it('colours labels only when asked to', () => {
    const { text } = describeAuthenticatorInfo({ device, info: { versions: ['FIDO_2_0'], aaguid } }, createPaint(true));
    expect(text).toContain('\u001b[1mDevice');
  });
});
