// PEP 508 / PyPI: ASCII letters and digits, with `.`, `_` and `-` allowed inside but not at either end.
const validProjectName = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** Whether `name` is a project name PyPI would accept (at most 255 characters, the length of the column). */
export function isValidProjectName(name: string): boolean {
  return name.length <= 255 && validProjectName.test(name);
}
