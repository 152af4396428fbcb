export * from './ctapHidConstants.js';
export { CtapHidError } from './CtapHidError.js';
export { parseCtapHidPacket, type CtapHidPacket, type CtapHidInitPacket, type CtapHidContinuationPacket } from './parseCtapHidPacket.js';
export { encodeCtapHidMessage } from './encodeCtapHidMessage.js';
export { CtapHidMessageAssembler, type CtapHidMessage } from './CtapHidMessageAssembler.js';
export { CtapHidReportQueue } from './CtapHidReportQueue.js';
