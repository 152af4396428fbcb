/** One member of a tar archive, as readTarArchive reports it (pax and GNU long names already applied). */
export interface TarEntry {
  /** As written in the archive. */
  name: string;
  /** '0' regular file ('\0' and '7' are reported as '0'), '1' hard link, '2' symbolic link, '5' directory, … */
  type: string;
  size: number;
  /** The target of a link. */
  linkName: string;
}

export class TarFormatError extends Error {}

/** Bounds that keep a hostile archive from costing more than this much work. */
export interface TarLimits {
  maxEntries: number;
  /** Extended headers (pax, GNU long names) are read into memory up to this size. */
  maxHeaderDataBytes: number;
}

/**
 * A streaming reader of (ustar, pax and GNU) tar archives: write() the bytes in order, end() at the end. For every
 * member, `onEntry` says whether its data is wanted (up to `maxBytes`, else a TarFormatError); wanted data comes to
 * `onData` whole once read. Nothing but headers and wanted data is kept in memory. Malformed input (a bad header
 * checksum, a number that is not octal, the archive ending inside a member) is a TarFormatError.
 */
export class TarReader {
  private readonly header = Buffer.alloc(512);
  private headerFill = 0;
  /** Bytes of member data (then padding) still to come, and where they go. */
  private dataLeft = 0;
  private paddingLeft = 0;
  private collecting: { chunks: Buffer[]; size: number; done: (data: Buffer) => void } | null = null;
  private entries = 0;
  private ended = false;
  /** Set by a pax 'x' header or a GNU 'L'/'K' member, for the next member only. */
  private nextOverrides: { path?: string; linkpath?: string; size?: number } = {};

  constructor(
    private readonly limits: TarLimits,
    private readonly onEntry: (entry: TarEntry) => { maxBytes: number } | null,
    private readonly onData: (entry: TarEntry, data: Buffer) => void,
  ) {}

  write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.ended) return; // Past the end-of-archive marker: padding, ignored (as tar and Python's tarfile do).
      if (this.dataLeft > 0) {
        const take = Math.min(this.dataLeft, chunk.length - offset);
        if (this.collecting) {
          this.collecting.chunks.push(Buffer.from(chunk.subarray(offset, offset + take)));
          this.collecting.size += take;
        }
        this.dataLeft -= take;
        offset += take;
        if (this.dataLeft === 0 && this.collecting) {
          const { chunks, done } = this.collecting;
          this.collecting = null;
          done(Buffer.concat(chunks));
        }
        continue;
      }
      if (this.paddingLeft > 0) {
        const take = Math.min(this.paddingLeft, chunk.length - offset);
        this.paddingLeft -= take;
        offset += take;
        continue;
      }
      const take = Math.min(512 - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + take);
      this.headerFill += take;
      offset += take;
      if (this.headerFill === 512) {
        this.headerFill = 0;
        this.readHeader();
      }
    }
  }

  /** The input is over: it must not end inside a header or a member. */
  end(): void {
    if (this.entries === 0) throw new TarFormatError('the archive is empty');
    if (this.ended) return;
    if (this.headerFill !== 0 || this.dataLeft > 0 || this.paddingLeft > 0) throw new TarFormatError('the archive ends inside a member');
  }

  private readHeader(): void {
    const header = this.header;
    if (header.every((byte) => byte === 0)) {
      // The end-of-archive marker (two zero blocks; one is enough, as for GNU tar).
      this.ended = true;
      return;
    }
    if (++this.entries > this.limits.maxEntries) throw new TarFormatError(`the archive has more than ${this.limits.maxEntries} members`);
    const stored = readNumber(header, 148, 8);
    let unsigned = 0;
    let signed = 0;
    for (let index = 0; index < 512; index++) {
      const byte = index >= 148 && index < 156 ? 0x20 : header[index]!;
      unsigned += byte;
      signed += byte > 127 ? byte - 256 : byte;
    }
    if (stored !== unsigned && stored !== signed) throw new TarFormatError('a member header has a wrong checksum');

    let type = String.fromCharCode(header[156]!);
    if (type === '\0' || type === '7') type = '0';
    let name = readString(header, 0, 100);
    if (header.toString('latin1', 257, 262) === 'ustar') {
      const prefix = readString(header, 345, 155);
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    let size = readNumber(header, 124, 12);
    const overrides = this.nextOverrides;
    if (type !== 'x' && type !== 'g' && type !== 'L' && type !== 'K') this.nextOverrides = {};
    if (overrides.size !== undefined && type !== 'x' && type !== 'g' && type !== 'L' && type !== 'K') size = overrides.size;
    // Members without data whatever their size field says (links, directories, devices).
    // Old archivers wrote directories as regular members whose names end in '/' (Python's tarfile reads them so).
    if (type === '0' && (overrides.path ?? name).endsWith('/')) type = '5';
    const dataSize = type === '1' || type === '2' || type === '5' || type === '3' || type === '4' || type === '6' ? 0 : size;
    const entry: TarEntry = { name: overrides.path ?? name, type, size: dataSize, linkName: overrides.linkpath ?? readString(header, 157, 100) };

    this.dataLeft = dataSize;
    this.paddingLeft = (512 - (dataSize % 512)) % 512;
    const collect = (maxBytes: number, done: (data: Buffer) => void) => {
      if (dataSize > maxBytes) throw new TarFormatError(`member '${entry.name.slice(0, 100)}' is larger than ${maxBytes} bytes`);
      if (dataSize === 0) done(Buffer.alloc(0));
      else this.collecting = { chunks: [], size: 0, done };
    };
    switch (type) {
      case 'x':
      case 'g':
        collect(this.limits.maxHeaderDataBytes, (data) => {
          // A global header ('g', as git archive writes one) is checked but changes nothing read here.
          const records = parsePaxRecords(data);
          if (type === 'x') Object.assign(this.nextOverrides, records);
        });
        return;
      case 'L':
      case 'K':
        collect(this.limits.maxHeaderDataBytes, (data) => {
          const value = data.toString('utf8').replace(/\0.*$/s, '');
          if (type === 'L') this.nextOverrides.path ??= value;
          else this.nextOverrides.linkpath ??= value;
        });
        return;
      default: {
        const wanted = this.onEntry(entry);
        if (wanted) collect(wanted.maxBytes, (data) => this.onData(entry, data));
      }
    }
  }
}

/** A NUL-terminated string field (UTF-8, as Python's tarfile writes names). */
function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? length : nul).toString('utf8');
}

/** An octal number field (NUL- or space-terminated), or GNU's base-256 when its first byte has the high bit. */
function readNumber(header: Buffer, offset: number, length: number): number {
  const field = header.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    if (field[0] === 0xff) throw new TarFormatError('a member header has a negative number');
    let value = field[0]! & 0x7f;
    for (let index = 1; index < length; index++) {
      value = value * 256 + field[index]!;
      if (value > Number.MAX_SAFE_INTEGER) throw new TarFormatError('a member header has a number out of range');
    }
    return value;
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError('a member header has a field that is not an octal number');
  return parseInt(text, 8);
}

/** The records of a pax extended header that matter here: path, linkpath, size. */
function parsePaxRecords(data: Buffer): { path?: string; linkpath?: string; size?: number } {
  const records: { path?: string; linkpath?: string; size?: number } = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) throw new TarFormatError('a pax header is malformed');
    const lengthText = data.toString('latin1', offset, space);
    if (!/^[0-9]+$/.test(lengthText)) throw new TarFormatError('a pax header is malformed');
    const length = parseInt(lengthText, 10);
    if (length <= space - offset + 1 || offset + length > data.length || data[offset + length - 1] !== 0x0a) throw new TarFormatError('a pax header is malformed');
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals <= 0) throw new TarFormatError('a pax header is malformed');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') records.path = value;
    else if (key === 'linkpath') records.linkpath = value;
    else if (key === 'size') {
      if (!/^[0-9]+$/.test(value) || Number(value) > Number.MAX_SAFE_INTEGER) throw new TarFormatError('a pax header has a bad size');
      records.size = Number(value);
    }
    offset += length;
  }
  return records;
}
