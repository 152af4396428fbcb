/** What a transport hands to the authenticator with each request. */
export interface RequestContext {
  /** Aborted when the host cancels (CTAPHID_CANCEL on the request's channel). */
  signal?: AbortSignal;
  /** The authenticator says whether it is busy or waiting for a touch, so keep-alives say PROCESSING or UPNEEDED. */
  onStatus?(status: 'processing' | 'upneeded'): void;
}
