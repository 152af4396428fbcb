import type { ListedProject } from './listProjects.js';
import { simpleApiVersion } from './SimpleFormat.js';

/** The root of the Simple API in JSON (PEP 691). */
export interface SimpleJsonIndex {
  meta: { 'api-version': string; '_last-serial': number };
  projects: Array<{ name: string }>;
}

/** The root of the Simple API in JSON (PEP 691): the projects' names as uploaded (clients normalize them). */
export function renderIndexJson(projects: readonly ListedProject[], lastSerial: number): SimpleJsonIndex {
  return {
    meta: { 'api-version': simpleApiVersion, '_last-serial': lastSerial },
    projects: projects.map((project) => ({ name: project.name })),
  };
}
