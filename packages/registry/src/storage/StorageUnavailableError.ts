/**
 * The file storage could not be reached or refused the request (object storage down, a network fault, a bucket or
 * credentials it does not accept): the registry answers 503 with Retry-After, and the same request may succeed later.
 * The message names the storage's error (its name and HTTP status), never a credential.
 */
export class StorageUnavailableError extends Error {
  readonly code = 'storage_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
