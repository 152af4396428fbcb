export { CoseAlgorithm, type CoseAlgorithmName } from './CoseAlgorithm.js';
export { CoseEllipticCurve, CoseKeyLabel, CoseKeyType, type CoseKey } from './CoseKey.js';
export { coseKeyAgreementFromPublicKey } from './coseKeyAgreementFromPublicKey.js';
export { coseKeyFromPublicKey } from './coseKeyFromPublicKey.js';
export { publicKeyFromCoseKey } from './publicKeyFromCoseKey.js';
export { verifyCoseSignature } from './verifyCoseSignature.js';
export { p256PublicKeyFromCoordinates } from './p256PublicKeyFromCoordinates.js';
