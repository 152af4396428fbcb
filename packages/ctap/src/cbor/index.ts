export * from './CborValue.js';
export { checkCborItem, type CborCheckOptions } from './checkCborItem.js';
export { decodeCbor, decodeCborItem } from './decodeCbor.js';
export { encodeCbor } from './encodeCbor.js';
export * from './cborReaders.js';
