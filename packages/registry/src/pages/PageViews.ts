import type { AttestationPolicy } from '../config/RegistryConfig.js';
import type { FlashMessage } from './flashMessages.js';

/** What the layout (header, footer, message area) of every page shows: built by renderPage, `it.site` in templates. */
export interface SiteView {
  /** The registry's name (config.siteName). */
  name: string;
  /** The public URL, without a trailing slash (commands on the pages name it). */
  publicUrl: string;
  /** The signed-in user, or null (then the header offers to log in). */
  user: { username: string } | null;
  /** Whether sign-up is open (the header links to it). */
  signupOpen: boolean;
  /** Messages above the page's content: a flash left by a redirect, the page's own notice. */
  messages: FlashMessage[];
  /** The request's CSRF token, for the hidden field of every form (partials/csrf); computed on first use. */
  csrfToken: () => string;
  /** The versioned URL of a file under /static/ (StaticFiles.url). */
  asset: (path: string) => string;
  /** The request path, for aria-current in the navigation. */
  path: string;
}

/** A date shown to people, with its machine-readable form for <time datetime>. */
export interface DateView {
  iso: string;
  text: string;
}

export interface ProjectSummaryView {
  name: string;
  url: string;
  version: string | null;
  summary: string | null;
  updated: DateView | null;
}

export interface ReleaseView {
  version: string;
  url: string;
  created: DateView;
  yanked: boolean;
  yankedReason: string | null;
  prerelease: boolean;
  current: boolean;
}

export interface FileView {
  filename: string;
  url: string;
  kind: 'Source distribution' | 'Wheel';
  pythonVersion: string;
  size: string;
  sizeBytes: number;
  sha256: string;
  md5: string;
  blake2_256: string;
  uploaded: DateView;
  requiresPython: string | null;
  yanked: boolean;
}

/** A project's description as shown: sanitized HTML (from Markdown) or preformatted text. */
export type DescriptionView = { kind: 'html'; html: string } | { kind: 'text'; text: string };

export interface ProjectPageView {
  title: string;
  name: string;
  version: string;
  summary: string | null;
  /** Whether this is the release the project page shows by default. */
  isLatest: boolean;
  latest: { version: string; url: string };
  yanked: boolean;
  yankedReason: string | null;
  installCommand: string;
  description: DescriptionView | null;
  releases: ReleaseView[];
  files: FileView[];
  maintainers: Array<{ username: string; role: string }>;
  /** Only http(s) URLs (anything else, `javascript:` above all, is never a link). */
  links: Array<{ label: string; url: string }>;
  classifiers: string[];
  /** Label/value facts: author, license, Requires-Python, keywords… */
  facts: Array<{ label: string; value: string }>;
  jsonUrl: string;
  simpleUrl: string;
  /** The manage page, for a viewer who owns the project or is an administrator. */
  manageUrl: string | null;
}

/** An API token in the list of the tokens page (never the token string). */
export interface TokenView {
  id: string;
  name: string;
  /** "Whole account" or "Projects: a, b". */
  scope: string;
  created: DateView;
  expires: DateView | null;
  lastUsed: DateView | null;
  lastUsedIp: string | null;
  sourceAddresses: string[] | null;
  /** Why an upload with it would fail today (expired, a project no longer maintained…). */
  problems: string[];
  revokeAction: string;
}

/** The new-token form, with what was entered when it is shown again with an error. */
export interface TokenFormView {
  title: string;
  name: string;
  scope: 'account' | 'projects';
  /** The projects the user may upload to, each chosen or not. */
  projects: Array<{ name: string; checked: boolean }>;
  expiry: Array<{ value: string; label: string; selected: boolean }>;
  /** The address ranges as typed. */
  sourceAddresses: string;
}

/** A project on the "Your projects" page. */
export interface UserProjectView {
  name: string;
  role: string;
  releaseCount: number;
  /** Its public page, when it has releases. */
  url: string | null;
  /** Its manage page, for owners. */
  manageUrl: string | null;
}

/** A release on a project's manage page, with the forms that change it. */
export interface ManagedReleaseView {
  version: string;
  url: string;
  created: DateView;
  yanked: boolean;
  yankedReason: string | null;
  yankAction: string;
  unyankAction: string;
  deleteAction: string;
  deleteFileAction: string;
  files: Array<{ filename: string; size: string }>;
}

/** A project's manage page (owners and administrators). */
export interface ManageProjectView {
  title: string;
  name: string;
  url: string;
  /** The viewer is an administrator who does not own the project. */
  asAdmin: boolean;
  collaborators: Array<{ username: string; role: string; since: DateView; isYou: boolean }>;
  require2fa: boolean;
  /** Newest first. */
  releases: ManagedReleaseView[];
  actions: { addCollaborator: string; removeCollaborator: string; policy: string; deleteProject: string };
}

/** A security key in the account's list. */
export interface SecurityKeyView {
  id: number;
  name: string;
  /** From the operator's metadata statements, when one names the key's AAGUID. */
  model: string | null;
  attestationVerified: boolean;
  added: DateView;
  lastUsed: DateView | null;
}

/** One line of the security history. */
export interface AccountEventView {
  description: string;
  at: DateView;
  ip: string | null;
  userAgent: string | null;
}

/** Each template under templates/pages/ and the data it is rendered with (`it.page`). */
export interface PageViews {
  home: { title: string; recent: ProjectSummaryView[]; projectCount: number };
  search: { title: string; query: string; results: ProjectSummaryView[] };
  help: { title: string };
  project: ProjectPageView;
  error: { title: string; status: number; message: string };
  'account/register': { title: string; username: string };
  'account/login': { title: string; username: string };
  'account/two-factor': { title: string; securityKeys: boolean };
  'account/index': { title: string; username: string };
  'account/security': {
    title: string;
    totp: boolean;
    /** Whether the registry offers security keys (config.securityKeys). */
    securityKeysOffered: boolean;
    /** The policy keys are added under: under 'trusted', the page says only keys of known makers are accepted. */
    attestation: AttestationPolicy;
    keys: SecurityKeyView[];
    secondFactorEnabled: boolean;
    recoveryCodesLeft: number;
    /** The add-a-key form's name field, as last typed (after an error). */
    keyName: string;
    /** Where sudo mode is confirmed before coming back here (the pages' scripts go there on sudo_required). */
    confirmPasswordUrl: string;
  };
  /** The authenticator app's set-up: the secret (QR code and text) right after it was made; null when only asking for a code again. */
  'account/totp': { title: string; enrolment: { secret: string; qrSvg: string } | null };
  /** New recovery codes, shown this once; `done` says what led here (a factor added). */
  'account/recovery-codes': { title: string; codes: string[]; done: string | null };
  'account/history': { title: string; events: AccountEventView[]; limit: number };
  'account/tokens': { title: string; tokens: TokenView[] };
  'account/token-new': TokenFormView;
  'account/token-created': { title: string; name: string; scope: string; token: string; expires: DateView | null; uploadCommand: string };
  'manage/projects': { title: string; projects: UserProjectView[] };
  'manage/project': ManageProjectView;
  'account/confirm-password': {
    title: string;
    next: string;
    action: string;
    secondFactor: boolean;
    /** The account has a security key (and the registry offers them): a second form confirms with it. */
    securityKeys: boolean;
  };
}

export type PageName = keyof PageViews;
