import type { IndexBodyParts } from './IndexBodyParts.js';
import { indexHtmlParts } from './renderIndexHtml.js';
import { indexJsonParts } from './renderIndexJson.js';
import { SimpleFormat } from './SimpleFormat.js';

/** The parts of the root index's body in `format`. */
export function rootIndexParts(format: SimpleFormat, lastSerial: number): IndexBodyParts {
  return format === SimpleFormat.json ? indexJsonParts(lastSerial) : indexHtmlParts;
}
