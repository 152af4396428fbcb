/**
 * The core metadata of a release beyond what the Simple API needs (name, version, summary, Requires-Python), as the
 * upload form carries it (twine's field names); kept with the release and shown in the JSON API's `info`.
 * Empty fields and lists are null.
 */
export interface ReleaseMetadata {
  description: string | null;
  descriptionContentType: string | null;
  author: string | null;
  authorEmail: string | null;
  maintainer: string | null;
  maintainerEmail: string | null;
  license: string | null;
  licenseExpression: string | null;
  keywords: string | null;
  homePage: string | null;
  downloadUrl: string | null;
  platform: string | null;
  classifiers: string[] | null;
  requiresDist: string[] | null;
  providesExtra: string[] | null;
  dynamic: string[] | null;
  licenseFiles: string[] | null;
  /** Label and URL of each `project_urls` value ("Label, https://…"), in order. */
  projectUrls: Array<[string, string]> | null;
}
