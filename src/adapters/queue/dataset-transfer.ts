/**
 * Datasets travel to workers by content hash, through the queue's own Redis: the submitter uploads a
 * file (or a directory of recordings) once per content, in 64 MB pieces that expire after 7 days unused;
 * a worker reads the path itself when it holds the same content (a shared disk), else downloads it into
 * its cache and checks every file's SHA-256 before use.
 *
 * Why Redis and not the daemon: a worker already trusts the queue's Redis and has no API token, and
 * `scalper sweep --queue` has no daemon to fetch from. The cost is Redis memory while a dataset is in
 * use (see docs/queue.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { dataFingerprint } from '../jobs/data-fingerprint.js';

/** One dataset as shipped: its content hash, its name (the file's or directory's), and its files. */
export interface ShippedData {
  readonly hash: string;
  readonly name: string;
  readonly dir: boolean;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly size: number }[];
}

const PIECE = 64 * 1024 * 1024;
const TTL_S = 7 * 24 * 3600;
const manifestKey = (hash: string): string => `scalper:data:${hash}`;
const pieceKey = (hash: string, file: string, i: number): string => `scalper:data:${hash}:${file}:${i}`;
const pieces = (size: number): number => Math.max(1, Math.ceil(size / PIECE));

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The content of `path` (a file, or a directory's files one level deep but hidden ones, as the recording loader reads it), hashed. */
async function describe(path: string): Promise<ShippedData> {
  const root = resolve(path);
  const s = await stat(root);
  const names = s.isDirectory() ? (await readdir(root, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort() : [basename(root)];
  const files = [];
  for (const name of names) {
    const p = s.isDirectory() ? join(root, name) : root;
    files.push({ name, sha256: await sha256Of(p), size: (await stat(p)).size });
  }
  const hash = createHash('sha256')
    .update(`${s.isDirectory() ? 'dir' : 'file'}\n`)
    .update(files.map((f) => `${f.name}\t${f.sha256}\t${f.size}`).join('\n'))
    .digest('hex');
  return { hash, name: basename(root), dir: s.isDirectory(), files };
}

/** The submitter's side: uploads each dataset once per content (a path whose files' sizes and times are unchanged is not hashed again). */
export class DataShipper {
  private readonly known = new Map<string, Promise<ShippedData>>();
  /** When each content's expiry was last pushed back: a sweep ships its data once per cell, the TTL needs it once a minute. */
  private readonly refreshed = new Map<string, number>();

  constructor(private readonly redis: Redis) {}

  async ship(path: string): Promise<ShippedData> {
    const root = resolve(path);
    // The run key's fingerprint: every file's size and time, so a file rewritten in a directory is seen.
    const key = dataFingerprint(root);
    let shipped = this.known.get(key);
    if (shipped === undefined) {
      shipped = this.upload(root);
      this.known.set(key, shipped);
      shipped.catch(() => this.known.delete(key));
    }
    const d = await shipped;
    if (Date.now() - (this.refreshed.get(d.hash) ?? -Infinity) < 60_000) return d;
    // Each use keeps it another TTL; a manifest that has expired meanwhile is uploaded again.
    if ((await this.redis.expire(manifestKey(d.hash), TTL_S)) === 0) {
      this.known.delete(key);
      this.refreshed.delete(d.hash);
      return this.ship(path);
    }
    for (const f of d.files) for (let i = 0; i < pieces(f.size); i++) await this.redis.expire(pieceKey(d.hash, f.name, i), TTL_S);
    this.refreshed.set(d.hash, Date.now());
    return d;
  }

  private async upload(root: string): Promise<ShippedData> {
    const d = await describe(root);
    if ((await this.redis.exists(manifestKey(d.hash))) === 1) return d;
    for (const f of d.files) {
      const fh = await open(d.dir ? join(root, f.name) : root, 'r');
      try {
        for (let i = 0; i < pieces(f.size); i++) {
          const buf = Buffer.allocUnsafe(Math.min(PIECE, f.size - i * PIECE));
          const { bytesRead } = await fh.read(buf, 0, buf.length, i * PIECE);
          await this.redis.set(pieceKey(d.hash, f.name, i), bytesRead === buf.length ? buf : buf.subarray(0, bytesRead), 'EX', TTL_S);
        }
      } finally {
        await fh.close();
      }
    }
    // Written last: a manifest means every piece is there.
    await this.redis.set(manifestKey(d.hash), JSON.stringify(d), 'EX', TTL_S);
    return d;
  }
}

/** The worker's side: a local path holding the shipped content, downloading it into `cacheDir` when the original path is not here with the same content. */
export class DataReceiver {
  private readonly pending = new Map<string, Promise<string>>();
  private readonly checked = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly cacheDir: string,
  ) {}

  async localPath(original: string, d: ShippedData): Promise<string> {
    const key = `${original}\t${d.hash}`;
    let p = this.pending.get(key);
    if (p === undefined) {
      p = this.resolvePath(original, d);
      this.pending.set(key, p);
      p.catch(() => this.pending.delete(key));
    }
    return p;
  }

  private async resolvePath(original: string, d: ShippedData): Promise<string> {
    // Names become paths in the cache: a manifest is refused unless every name is one plain file name.
    const plain = (n: string): boolean => n !== '' && n !== '.' && n !== '..' && !n.startsWith('.') && !/[/\\\0]/.test(n);
    if (!/^[0-9a-f]{64}$/.test(d.hash) || !plain(d.name) || !d.files.every((f) => plain(f.name))) throw new Error(`dataset ${JSON.stringify(d.name).slice(0, 80)}: its manifest names a path outside the cache; refused`);
    // A shared disk: the same path with the same content is read where it is.
    if (existsSync(original)) {
      const mark = dataFingerprint(original);
      if (this.checked.get(original) === mark) return original;
      if ((await describe(original)).hash === d.hash) {
        this.checked.set(original, mark);
        return original;
      }
    }
    const home = join(this.cacheDir, d.hash);
    const target = join(home, d.name);
    if (existsSync(join(home, '.complete'))) return target;
    await mkdir(d.dir ? target : home, { recursive: true });
    for (const f of d.files) {
      const tmp = join(home, `.${f.name}.${process.pid}.${randomBytes(4).toString('hex')}`);
      const h = createHash('sha256');
      const fh = await open(tmp, 'w');
      try {
        for (let i = 0; i < pieces(f.size); i++) {
          const piece = await this.redis.getBuffer(pieceKey(d.hash, f.name, i));
          if (piece === null) throw new Error(`dataset ${d.name} (${d.hash.slice(0, 12)}): piece ${i} of ${f.name} is no longer in Redis; submit the job again to upload it`);
          h.update(piece);
          await fh.write(piece);
        }
      } finally {
        await fh.close();
      }
      if (h.digest('hex') !== f.sha256) {
        await rm(tmp, { force: true });
        throw new Error(`dataset ${d.name}: ${f.name} downloaded with another SHA-256 than shipped; refused`);
      }
      await rename(tmp, d.dir ? join(target, f.name) : target);
    }
    await writeFile(join(home, '.complete'), `${d.hash}\n`);
    return target;
  }
}
