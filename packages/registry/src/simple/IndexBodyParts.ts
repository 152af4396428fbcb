import type { ListedProject } from './listProjects.js';

/**
 * The root of the Simple API in one format, in parts that concatenate to the whole body: the head, the entries of
 * each page of projects in order (`first`: the first page, which some formats join differently), the tail. So the
 * body can be written a page at a time, never held whole.
 */
export interface IndexBodyParts {
  head: string;
  entries(projects: readonly ListedProject[], first: boolean): string;
  tail: string;
}

/** The whole body from its parts, for an index read in one page. */
export function joinIndexBody(parts: IndexBodyParts, projects: readonly ListedProject[]): string {
  return parts.head + parts.entries(projects, true) + parts.tail;
}
