export { createKeyPair, type KeyPair, type KeyPairKind } from './createKeyPair.js';
