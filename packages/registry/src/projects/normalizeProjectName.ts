/** PEP 503 normalized form of a project name: runs of `-`, `_` and `.` become one `-`, then lower case. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
