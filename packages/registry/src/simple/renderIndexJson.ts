import type { IndexBodyParts } from './IndexBodyParts.js';
import { simpleApiVersion } from './SimpleFormat.js';

/**
 * The root of the Simple API in JSON (PEP 691): the projects' names as uploaded (clients normalize them). The same
 * bytes as JSON.stringify({ meta: { 'api-version', '_last-serial' }, projects: [{ name }, ...] }).
 */
export function indexJsonParts(lastSerial: number): IndexBodyParts {
  return {
    head: `{"meta":${JSON.stringify({ 'api-version': simpleApiVersion, '_last-serial': lastSerial })},"projects":[`,
    entries: (projects, first) => (first || projects.length === 0 ? '' : ',') + projects.map((project) => JSON.stringify({ name: project.name })).join(','),
    tail: ']}',
  };
}
