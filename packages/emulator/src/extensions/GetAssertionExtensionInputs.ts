import type { HmacSecretInput } from '@keybridge/ctap';

/** The getAssertion extension inputs the emulator understands (CTAP 2.1 §12); unknown ones are ignored. */
export interface GetAssertionExtensionInputs {
  hmacSecret?: HmacSecretInput;
  /** credBlob: true asks for the stored blob. */
  credBlob?: boolean;
}
