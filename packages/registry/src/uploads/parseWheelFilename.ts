/** The parts of a wheel's filename: `{name}-{version}(-{build})?-{python tag}-{abi tag}-{platform tag}.whl`. */
export interface WheelFilename {
  /** As written (escaped: runs of other characters replaced by '_'). */
  name: string;
  /** As written. */
  version: string;
  build: string | null;
  pythonTag: string;
  abiTag: string;
  platformTag: string;
}

// PEP 427 / binary distribution format: the name is escaped to letters, digits, '_' and '.'; build tags start with a
// digit; each tag is one or more '.'-separated parts of letters, digits and '_'.
const namePart = /^[A-Za-z0-9._]+$/;
const buildPart = /^\d[A-Za-z0-9_.]*$/;
const tagPart = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/** Splits a wheel filename into its parts (as packaging.utils.parse_wheel_filename does), or null if it is not one. */
export function parseWheelFilename(filename: string): WheelFilename | null {
  if (!filename.endsWith('.whl')) return null;
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [name, version] = parts as [string, string];
  const build = parts.length === 6 ? parts[2]! : null;
  const [pythonTag, abiTag, platformTag] = parts.slice(-3) as [string, string, string];
  // packaging refuses '__' in the name: escaping never produces it.
  if (!namePart.test(name) || name.includes('__') || version === '') return null;
  if (build !== null && !buildPart.test(build)) return null;
  if (![pythonTag, abiTag, platformTag].every((tag) => tagPart.test(tag))) return null;
  return { name, version, build, pythonTag, abiTag, platformTag };
}
