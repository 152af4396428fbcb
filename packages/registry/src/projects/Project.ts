/** A project as stored. */
export interface Project {
  id: number;
  /** As first uploaded. */
  name: string;
  /** PEP 503 normalized. */
  normalizedName: string;
  createdAt: Date;
  /** Its owners require every collaborator to have a second factor to upload. */
  require2fa: boolean;
}
