import {
  Ctap2Command,
  CredentialManagementSubCommand as SubCommand,
  credentialManagementAuthMessage,
  CtapError,
  CtapStatus,
  decodeCredentialManagementResponse,
  encodeCredentialManagementRequest,
  encodeCredentialManagementSubCommandParams,
  PUBLIC_KEY_CREDENTIAL_TYPE,
  rpIdHash as hashRpId,
  type CoseKey,
  type CredentialManagementCredentialDescriptor,
  type CredentialManagementResponse,
  type CredentialManagementRpEntity,
  type CredentialManagementSubCommandParams,
  type CredentialManagementUserEntity,
} from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';
import type { CtapRequestOptions } from '../hid/CtapDevice.js';
import type { Ctap2Connection } from './Ctap2Connection.js';
import type { PinUvAuthToken } from './PinUvAuthToken.js';
import { readAnnouncedCount } from './readAnnouncedCount.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';

/** getCredsMetadata's answer. */
export interface CredentialsMetadata {
  existingResidentCredentialsCount: number;
  maxPossibleRemainingResidentCredentialsCount: number;
}

/** An RP with discoverable credentials on the device. */
export interface CredentialManagementRp {
  rp: CredentialManagementRpEntity;
  rpIdHash: Uint8Array;
}

/** A discoverable credential as credential management describes it. */
export interface CredentialManagementCredential {
  user: CredentialManagementUserEntity;
  credentialId: CredentialManagementCredentialDescriptor;
  publicKey: CoseKey;
  credProtect?: number;
  largeBlobKey?: Uint8Array;
}

/** A credential id as bytes, or its descriptor. */
export type CredentialIdInput = Uint8Array | CredentialManagementCredentialDescriptor;

function descriptorOf(id: CredentialIdInput): CredentialManagementCredentialDescriptor {
  return id instanceof Uint8Array ? { type: PUBLIC_KEY_CREDENTIAL_TYPE, id } : id;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new CtapClientError('PROTOCOL_ERROR', `credentialManagement response without ${what}`);
  return value;
}

/**
 * authenticatorCredentialManagement (CTAP 2.1 §6.8) under a pinUvAuthToken with the cm permission:
 * `session.credentialManagement(token)`. Enumerations run begin + next to the end under the session lock and
 * return everything at once; "no credentials" is an empty list. Devices that only have the CTAP 2.1 preview
 * (credentialMgmtPreview) get command 0x41 instead of 0x0A.
 */
export class Ctap2CredentialManagement {
  constructor(
    private readonly connection: Ctap2Connection,
    private readonly token: PinUvAuthToken,
  ) {}

  getCredsMetadata(options?: CtapRequestOptions): Promise<CredentialsMetadata> {
    return this.connection.exclusive(async () => {
      const response = await this.send(SubCommand.getCredsMetadata, undefined, true, options, 'getCredsMetadata');
      return {
        existingResidentCredentialsCount: required(response.existingResidentCredentialsCount, 'existingResidentCredentialsCount'),
        maxPossibleRemainingResidentCredentialsCount: required(
          response.maxPossibleRemainingResidentCredentialsCount,
          'maxPossibleRemainingResidentCredentialsCount',
        ),
      };
    });
  }

  enumerateRps(options?: CtapRequestOptions): Promise<CredentialManagementRp[]> {
    return this.connection.exclusive(async () => {
      const first = await this.beginOrNothing(SubCommand.enumerateRPsBegin, undefined, options, 'enumerateRPsBegin');
      if (!first) return [];
      const total = readAnnouncedCount(required(first.totalRps, 'totalRPs'), 'relying parties');
      const rps = [first];
      for (let index = 1; index < total; index++) {
        rps.push(await this.send(SubCommand.enumerateRPsGetNextRP, undefined, false, options, 'enumerateRPsGetNextRP'));
      }
      return rps.map((response) => ({ rp: required(response.rp, 'rp'), rpIdHash: required(response.rpIdHash, 'rpIDHash') }));
    });
  }

  /** The discoverable credentials of one RP, by its rpIdHash (or its RP ID, hashed here). */
  enumerateCredentials(rp: Uint8Array | string, options?: CtapRequestOptions): Promise<CredentialManagementCredential[]> {
    const rpIdHash = typeof rp === 'string' ? hashRpId(rp) : rp;
    return this.connection.exclusive(async () => {
      const first = await this.beginOrNothing(SubCommand.enumerateCredentialsBegin, { rpIdHash }, options, 'enumerateCredentialsBegin');
      if (!first) return [];
      const total = readAnnouncedCount(required(first.totalCredentials, 'totalCredentials'), 'credentials');
      const credentials = [first];
      for (let index = 1; index < total; index++) {
        credentials.push(
          await this.send(SubCommand.enumerateCredentialsGetNextCredential, undefined, false, options, 'enumerateCredentialsGetNextCredential'),
        );
      }
      return credentials.map((response) => {
        const credential: CredentialManagementCredential = {
          user: required(response.user, 'user'),
          credentialId: required(response.credentialId, 'credentialID'),
          publicKey: required(response.publicKey, 'publicKey'),
        };
        if (response.credProtect !== undefined) credential.credProtect = response.credProtect;
        if (response.largeBlobKey !== undefined) credential.largeBlobKey = response.largeBlobKey;
        return credential;
      });
    });
  }

  deleteCredential(credentialId: CredentialIdInput, options?: CtapRequestOptions): Promise<void> {
    return this.connection.exclusive(async () => {
      await this.send(SubCommand.deleteCredential, { credentialId: descriptorOf(credentialId) }, true, options, 'deleteCredential');
    });
  }

  /** Replaces the stored user name and displayName; `user.id` must be the credential's user id. */
  updateUserInformation(credentialId: CredentialIdInput, user: CredentialManagementUserEntity, options?: CtapRequestOptions): Promise<void> {
    return this.connection.exclusive(async () => {
      await this.send(SubCommand.updateUserInformation, { credentialId: descriptorOf(credentialId), user }, true, options, 'updateUserInformation');
    });
  }

  private async beginOrNothing(
    subCommand: number,
    params: CredentialManagementSubCommandParams | undefined,
    options: CtapRequestOptions | undefined,
    what: string,
  ): Promise<CredentialManagementResponse | undefined> {
    try {
      return await this.send(subCommand, params, true, options, what);
    } catch (error) {
      if (error instanceof CtapError && error.status === CtapStatus.NO_CREDENTIALS) return undefined;
      throw error;
    }
  }

  private async send(
    subCommand: number,
    params: CredentialManagementSubCommandParams | undefined,
    authenticated: boolean,
    options: CtapRequestOptions | undefined,
    what: string,
  ): Promise<CredentialManagementResponse> {
    const { info } = this.connection;
    // CTAP 2.1 PRE devices that only have the preview take the same requests under command 0x41.
    const previewOnly = info.options?.credMgmt !== true && info.options?.credentialMgmtPreview === true;
    const command = previewOnly ? Ctap2Command.credentialManagementPreview : Ctap2Command.credentialManagement;
    const request = encodeCredentialManagementRequest({
      subCommand,
      ...(params ? { subCommandParams: params } : {}),
      ...(authenticated
        ? {
            pinUvAuthProtocol: this.token.protocolVersion,
            pinUvAuthParam: this.token.authenticate(
              credentialManagementAuthMessage(subCommand, params ? encodeCredentialManagementSubCommandParams(params) : undefined),
            ),
          }
        : {}),
    });
    const body = await this.connection.call(command, request, options, `credentialManagement ${what}`);
    return readDeviceAnswer(`credentialManagement ${what} response`, () => decodeCredentialManagementResponse(body));
  }
}
