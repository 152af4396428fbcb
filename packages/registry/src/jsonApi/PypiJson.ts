/** One file in PyPI's JSON API (`urls` and `releases`). */
export interface PypiFile {
  comment_text: string;
  digests: { blake2b_256: string; md5: string; sha256: string };
  /** PyPI stopped counting: always -1. */
  downloads: number;
  filename: string;
  has_sig: boolean;
  md5_digest: string;
  packagetype: 'sdist' | 'bdist_wheel';
  python_version: string;
  requires_python: string | null;
  size: number;
  /** UTC, seconds, no zone: '2024-01-31T12:34:56'. */
  upload_time: string;
  upload_time_iso_8601: string;
  /** Absolute. */
  url: string;
  yanked: boolean;
  yanked_reason: string | null;
}

/**
 * The `info` object of PyPI's JSON API. Fields this registry does not keep (they live in the uploaded METADATA)
 * are null, as PyPI has them for a release that did not set them.
 */
export interface PypiInfo {
  author: string | null;
  author_email: string | null;
  bugtrack_url: null;
  classifiers: string[];
  description: string | null;
  description_content_type: string | null;
  docs_url: null;
  download_url: string | null;
  downloads: { last_day: number; last_month: number; last_week: number };
  dynamic: string[] | null;
  home_page: string | null;
  keywords: string | null;
  license: string | null;
  license_expression: string | null;
  license_files: string[] | null;
  maintainer: string | null;
  maintainer_email: string | null;
  name: string;
  package_url: string;
  platform: string | null;
  project_url: string;
  project_urls: Record<string, string> | null;
  provides_extra: string[] | null;
  release_url: string;
  requires_dist: string[] | null;
  requires_python: string | null;
  summary: string | null;
  version: string;
  yanked: boolean;
  yanked_reason: string | null;
}

/** GET /pypi/<project>/json. */
export interface PypiProjectJson {
  info: PypiInfo;
  last_serial: number;
  /** Every release by version as uploaded, oldest first, each with its files. */
  releases: Record<string, PypiFile[]>;
  /** The files of info.version. */
  urls: PypiFile[];
  vulnerabilities: never[];
}

/** GET /pypi/<project>/<version>/json: like the project's, without `releases` (as PyPI answers it). */
export type PypiReleaseJson = Omit<PypiProjectJson, 'releases'>;
