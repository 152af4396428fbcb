import { isPrereleaseVersion } from '../jsonApi/isPrereleaseVersion.js';
import type { Collaborator } from '../projects/listCollaborators.js';
import { filePath } from '../simple/filePath.js';
import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import type { ReleaseMetadata } from '../uploads/ReleaseMetadata.js';
import { dateView } from './dateView.js';
import { formatFileSize } from './formatFileSize.js';
import type { ProjectPageView } from './PageViews.js';
import { projectLinks } from './projectLinks.js';
import { renderDescription } from './renderDescription.js';

export interface ProjectPageSource {
  index: ProjectIndex;
  /** The release shown. */
  release: IndexedRelease;
  /** The project's current release (pickLatestRelease). */
  latest: IndexedRelease;
  /** The shown release's metadata (loadReleaseMetadata). */
  metadata: ReleaseMetadata | null;
  collaborators: Collaborator[];
  publicUrl: string;
  /** Who is looking (null: a visitor): an owner or an administrator gets a link to the manage page. */
  viewer: { id: number; isAdmin: boolean } | null;
}

/** What /project/<name>/ and /project/<name>/<version>/ show, from the read side's records. */
export function projectPageView(source: ProjectPageSource): ProjectPageView {
  const { index, release, latest, metadata, publicUrl } = source;
  const projectPath = `/project/${encodeURIComponent(index.name)}/`;
  const releasePath = (version: string) => `${projectPath}${encodeURIComponent(version)}/`;
  const isLatest = release.id === latest.id;
  const facts: Array<{ label: string; value: string | null }> = [
    { label: 'Author', value: person(metadata?.author, metadata?.authorEmail) },
    { label: 'Maintainer', value: person(metadata?.maintainer, metadata?.maintainerEmail) },
    { label: 'License', value: metadata?.licenseExpression ?? firstLine(metadata?.license) },
    { label: 'Requires Python', value: release.requiresPython },
    { label: 'Keywords', value: metadata?.keywords ?? null },
    { label: 'Platform', value: metadata?.platform ?? null },
  ];
  return {
    title: isLatest ? index.name : `${index.name} ${release.version}`,
    name: index.name,
    version: release.version,
    summary: release.summary,
    isLatest,
    latest: { version: latest.version, url: projectPath },
    yanked: release.yanked,
    yankedReason: release.yankedReason,
    installCommand: `pip install --index-url ${publicUrl}/simple/ ${index.name}${isLatest ? '' : `==${release.version}`}`,
    description: renderDescription(metadata?.description ?? null, metadata?.descriptionContentType ?? null),
    releases: [...index.releases].reverse().map((candidate) => ({
      version: candidate.version,
      url: releasePath(candidate.version),
      created: dateView(candidate.createdAt),
      yanked: candidate.yanked,
      yankedReason: candidate.yankedReason,
      prerelease: isPrereleaseVersion(candidate.canonicalVersion),
      current: candidate.id === release.id,
    })),
    files: index.files
      .filter((file) => file.release.id === release.id)
      .map((file) => ({
        filename: file.filename,
        url: `/${filePath(file.sha256, file.filename)}`,
        kind: file.packagetype === 'sdist' ? 'Source distribution' : 'Wheel',
        pythonVersion: file.pythonVersion,
        size: formatFileSize(file.size),
        sizeBytes: file.size,
        sha256: file.sha256,
        md5: file.md5,
        blake2_256: file.blake2_256,
        uploaded: dateView(file.uploadedAt),
        requiresPython: file.requiresPython,
        yanked: file.yanked,
      })),
    maintainers: source.collaborators.map((collaborator) => ({ username: collaborator.username, role: collaborator.role })),
    links: projectLinks(metadata),
    classifiers: metadata?.classifiers ?? [],
    facts: facts.filter((fact): fact is { label: string; value: string } => fact.value !== null && fact.value.trim() !== ''),
    jsonUrl: isLatest ? `/pypi/${encodeURIComponent(index.name)}/json` : `/pypi/${encodeURIComponent(index.name)}/${encodeURIComponent(release.version)}/json`,
    simpleUrl: `/simple/${index.normalizedName}/`,
    manageUrl: canManage(source) ? `/manage/project/${encodeURIComponent(index.name)}/` : null,
  };
}

function person(name: string | null | undefined, email: string | null | undefined): string | null {
  if (name && email) return `${name} <${email}>`;
  return name || email || null;
}

/** A License field is sometimes the whole license text: its first line stands for it. */
function firstLine(text: string | null | undefined): string | null {
  if (!text) return null;
  const line = text.trim().split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function canManage({ viewer, collaborators }: ProjectPageSource): boolean {
  return viewer !== null && (viewer.isAdmin || collaborators.some((collaborator) => collaborator.userId === viewer.id && collaborator.role === 'owner'));
}
