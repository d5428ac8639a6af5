/** One trading date's recording file on disk: created with its header, or resumed after its last complete chunk; appended at explicit offsets. */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { scanChunks } from './chunk-scan.js';
import { recordingFileName } from './recording-format.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class DayFile {
  readonly path: string;
  private readonly dir: string;
  private readonly header: Uint8Array;
  private handle: FileHandle | undefined;
  private position = 0;

  constructor(dir: string, date: string, header: Uint8Array) {
    this.dir = dir;
    this.path = join(dir, recordingFileName(date));
    this.header = header;
  }

  /** Creates the file, or resumes it when a recording of the date exists (a restart during the day). */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    try {
      this.handle = await open(this.path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      await this.resume();
      return;
    }
    await this.append(this.header);
  }

  /**
   * Appends after the last complete chunk of the existing file, cutting a torn tail, when its header
   * is byte-identical to ours (same universe, offset and version); otherwise refuses, so no recording
   * is ever overwritten or mixed with another universe.
   */
  private async resume(): Promise<void> {
    const existing = await readFile(this.path);
    const h = this.header;
    let validBytes: number;
    if (existing.length < h.length && sameBytes(existing, h.subarray(0, existing.length))) {
      validBytes = 0; // a torn header of our own: nothing recorded yet
    } else if (existing.length >= h.length && sameBytes(existing.subarray(0, h.length), h)) {
      validBytes = scanChunks(existing, h.length, this.path).validBytes;
    } else {
      throw new Error(`${this.path}: exists with a different header (universe, UTC offset or format version); refusing to append — move it away to record this date`);
    }
    this.handle = await open(this.path, 'r+');
    await this.handle.truncate(validBytes);
    this.position = validBytes;
    if (validBytes === 0) await this.append(h);
  }

  async append(bytes: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) throw new Error(`${this.path}: not open`);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, this.position + done);
      if (bytesWritten === 0) throw new Error(`${this.path}: write made no progress at byte offset ${this.position + done}`);
      done += bytesWritten;
    }
    this.position += done;
  }

  /** Forces written chunks to the disk (they survive a power cut, not only a process crash). */
  async sync(): Promise<void> {
    await this.handle?.datasync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) return;
    this.handle = undefined;
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
}
