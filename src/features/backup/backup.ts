// Issue 17 item 5: backups of the embedded database (PGlite) that restore.
//
// The embedded database serves one process at a time, so whoever uses a data directory holds it: a server, a backup
// or a restore binds a unix socket in the directory's control directory (DATA_DIR.control, mode 0700, beside the data,
// never inside it). A second process finds the socket answering and knows the directory is in use; a socket left by a
// process that died answers nothing and is taken over. The running server answers `backup` on it with a consistent copy
// to a client that shows the token the holder wrote there (mode 0600): only the account the server runs as can ask.
// Never an HTTP route. The copy: the directory's files copied beside it while no query or transaction runs
// (Db.quiesce: requests wait for that part only), then archived (a gzipped tar, as PGlite's loadDataDir reads it)
// and sent once the requests are going again.
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openDb, type Db, type Queryable } from '../../db/client.ts';
import { sealAudit, verifyAuditChain, type AuditChainReport } from '../../platform/audit-chain.ts';

export type HolderRole = 'server' | 'backup' | 'restore';
type Copy = { bytes: number; sha256: string; heldMs: number; audit?: { uptoId: string; hash: string } };
type Reply = ({ ok: true; role: HolderRole; pid: number } & Partial<Copy>) | { ok: false; error: string };

/** A refusal the command line prints as it is (exit 1): the directory in use, a database in the way, a backup that does not verify. */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

/** Where a data directory's control socket and token are. The socket's path must fit in 107 bytes: if not, the temporary directory. */
export function controlPaths(dataDir: string): { dir: string; socket: string; token: string } {
  const abs = path.resolve(dataDir);
  const dir = `${abs}.control`;
  let socket = path.join(dir, 'mace.sock');
  if (Buffer.byteLength(socket) > 100) socket = path.join(os.tmpdir(), `mace-${crypto.createHash('sha256').update(abs).digest('hex').slice(0, 16)}.sock`);
  return { dir, socket, token: path.join(dir, 'token') };
}

/**
 * One request on the control socket: a JSON line out, a JSON line back, then (for a backup) the copy's bytes, written to
 * `bodyTo` as they come and counted and hashed on the way.
 */
function ask(socket: string, request: Record<string, unknown>, timeoutMs: number, bodyTo?: string): Promise<{ reply: Reply; bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const c = net.connect(socket);
    let head: Buffer = Buffer.alloc(0);
    let reply: Reply | undefined;
    let bytes = 0;
    const hash = crypto.createHash('sha256');
    const out = bodyTo ? fs.createWriteStream(bodyTo, { mode: 0o600 }) : undefined;
    const timer = setTimeout(() => c.destroy(Object.assign(new Error('no answer on the control socket'), { code: 'ETIMEDOUT' })), timeoutMs);
    const body = (d: Buffer) => {
      if (!d.length) return;
      bytes += d.length;
      hash.update(d);
      if (out && !out.write(d)) {
        c.pause();
        out.once('drain', () => c.resume());
      }
    };
    c.on('connect', () => c.write(`${JSON.stringify(request)}\n`));
    c.on('data', (d: Buffer) => {
      if (reply) return body(d);
      head = Buffer.concat([head, d]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      try {
        reply = JSON.parse(head.subarray(0, nl).toString('utf8')) as Reply;
      } catch (err) {
        c.destroy(err as Error);
        return;
      }
      body(head.subarray(nl + 1));
    });
    c.on('error', (err) => {
      clearTimeout(timer);
      out?.destroy();
      reject(err);
    });
    c.on('end', () => {
      clearTimeout(timer);
      const done = () => (reply ? resolve({ reply, bytes, sha256: hash.digest('hex') }) : reject(new Error('the control socket closed without an answer')));
      if (out) out.end(done);
      else done();
    });
  });
}

/** Who holds the data directory now: a live process answers on its socket; none (or one that died) is undefined. */
export async function holderOf(dataDir: string): Promise<{ role: HolderRole; pid: number } | undefined> {
  const { socket } = controlPaths(dataDir);
  try {
    // A busy server answers between two queries: the embedded database runs on its event loop.
    const { reply } = await ask(socket, { op: 'ping' }, 60_000);
    return reply.ok ? { role: reply.role, pid: reply.pid } : undefined;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ENOTSOCK') return undefined;
    throw err;
  }
}

const inUse = (dataDir: string, h: { role: HolderRole; pid: number }) =>
  h.role === 'server' ? `MACE is running on ${dataDir} (process ${h.pid})` : `a ${h.role} (process ${h.pid}) is using ${dataDir}`;

export type Held = {
  /** What the socket answers to `backup` (the server sets it once its database is open). */
  serveBackups(fn: () => Promise<Copy & { file: string }>): void;
  release(): Promise<void>;
};

/**
 * Holds the data directory for this process (a server, a backup or a restore): refused with BackupRefused when another
 * live process holds it. Released by release() (a process that dies releases it too: its socket stops answering).
 */
export async function holdDataDir(dataDir: string, role: HolderRole): Promise<Held> {
  const { dir, socket, token: tokenFile } = controlPaths(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const token = crypto.randomBytes(32).toString('hex');
  const tokenHash = crypto.createHash('sha256').update(token).digest();
  let backup: Parameters<Held['serveBackups']>[0] | undefined;
  let busy = false;

  const server = net.createServer((c) => {
    let line = '';
    c.setTimeout(10_000, () => c.destroy());
    c.on('error', () => undefined);
    c.on('data', (d: Buffer) => {
      line += d.toString('utf8');
      if (line.length > 4096) return c.destroy();
      const nl = line.indexOf('\n');
      if (nl < 0) return;
      c.removeAllListeners('data');
      c.setTimeout(0);
      void answer(c, line.slice(0, nl));
    });
  });
  const send = (c: net.Socket, r: Reply) => c.end(`${JSON.stringify(r)}\n`);
  async function answer(c: net.Socket, text: string) {
    let req: { op?: unknown; token?: unknown };
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      return send(c, { ok: false, error: 'not a request' });
    }
    if (req.op === 'ping') return send(c, { ok: true, role, pid: process.pid });
    if (req.op !== 'backup') return send(c, { ok: false, error: 'unknown request' });
    const shown = crypto
      .createHash('sha256')
      .update(typeof req.token === 'string' ? req.token : '')
      .digest();
    if (!crypto.timingSafeEqual(shown, tokenHash)) return send(c, { ok: false, error: 'the token does not match (run as the account the server runs as)' });
    if (!backup)
      return send(c, { ok: false, error: role === 'server' ? 'the server is still starting: try again in a moment' : `a ${role} holds the directory` });
    if (busy) return send(c, { ok: false, error: 'a backup is already being taken' });
    busy = true;
    let file: string | undefined;
    try {
      const { file: f, ...copy } = await backup();
      file = f;
      c.write(`${JSON.stringify({ ok: true, role, pid: process.pid, ...copy } satisfies Reply)}\n`);
      await pipeline(fs.createReadStream(f), c);
    } catch (err) {
      if (file) c.destroy();
      else send(c, { ok: false, error: `the backup failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`.trim() });
    } finally {
      if (file) fs.rmSync(file, { force: true });
      busy = false;
    }
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen();
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    const h = await holderOf(dataDir);
    if (h) throw new BackupRefused(inUse(dataDir, h));
    fs.rmSync(socket, { force: true }); // left by a process that died
    await listen();
  }
  fs.chmodSync(socket, 0o600);
  fs.writeFileSync(`${tokenFile}.${process.pid}`, token, { mode: 0o600 });
  fs.renameSync(`${tokenFile}.${process.pid}`, tokenFile);
  server.unref();
  return {
    serveBackups(fn) {
      backup = fn;
    },
    release: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          // Nothing left in the control directory (the socket is gone with the server): it goes too.
          fs.promises.rmdir(dir).then(resolve, resolve);
        });
        // The token is no longer good for anything; another holder writes its own.
        fs.rmSync(tokenFile, { force: true });
      }),
  };
}

/**
 * The running server's answer to `backup`: the audit sealed up to now; then, with no query or transaction running, the
 * data directory's files copied beside it (in its control directory, on the same disk: the only part requests wait
 * for); then that copy archived and handed over to be sent.
 */
export function serverBackup(db: Db, dataDir: string): () => Promise<Copy & { file: string }> {
  return async () => {
    const sealed = await sealAudit(db);
    const snapshot = path.join(controlPaths(dataDir).dir, `copy-${process.pid}-${Date.now()}`);
    try {
      const t0 = performance.now();
      await db.quiesce!(() => fs.promises.cp(path.resolve(dataDir), snapshot, { recursive: true }));
      const heldMs = Math.round(performance.now() - t0);
      const file = `${snapshot}.tar.gz`;
      const a = await archive(snapshot, file);
      return { file, ...a, heldMs, audit: sealed.head };
    } finally {
      fs.rmSync(snapshot, { recursive: true, force: true });
    }
  };
}

/**
 * A directory as a gzipped tar (ustar; names relative to it, as PGlite's loadDataDir reads them), streamed to `file`
 * (mode 0600): its size and sha256.
 */
export async function archive(dir: string, file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  async function* walk(rel: string): AsyncGenerator<Buffer> {
    for (const name of (await fs.promises.readdir(path.join(dir, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await fs.promises.lstat(path.join(dir, r));
      if (st.isDirectory()) {
        yield tarHeader(`${r}/`, 0, st.mode, st.mtimeMs, '5');
        yield* walk(r);
      } else if (st.isFile()) {
        yield tarHeader(r, st.size, st.mode, st.mtimeMs, '0');
        let n = 0;
        for await (const chunk of fs.createReadStream(path.join(dir, r))) {
          n += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
        if (n !== st.size) throw new Error(`${r} changed while it was archived`);
        if (n % 512) yield Buffer.alloc(512 - (n % 512));
      }
    }
  }
  async function* tar(): AsyncGenerator<Buffer> {
    yield* walk('');
    yield Buffer.alloc(1024);
  }
  const gzip = zlib.createGzip({ level: 6 });
  gzip.on('data', (d: Buffer) => {
    bytes += d.length;
    hash.update(d);
  });
  await pipeline(Readable.from(tar()), gzip, fs.createWriteStream(file, { mode: 0o600 }));
  return { bytes, sha256: hash.digest('hex') };
}

/** One ustar header block. A data directory's paths are short: a name over 100 bytes is refused rather than split. */
function tarHeader(name: string, size: number, mode: number, mtimeMs: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`a path too long to archive: ${name}`);
  const b = Buffer.alloc(512);
  const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;
  b.write(name, 0, 100, 'utf8');
  b.write(octal(mode & 0o7777, 8), 100);
  b.write(octal(0, 8), 108);
  b.write(octal(0, 8), 116);
  b.write(octal(size, 12), 124);
  b.write(octal(Math.floor(mtimeMs / 1000), 12), 136);
  b.fill(' ', 148, 156);
  b.write(type, 156);
  b.write('ustar\0', 257);
  b.write('00', 263);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

// ------------------------------------------------------------------------------------------- what a database holds

export type Inspection = {
  migrations: { count: number; latest: string | null };
  /** Every table of the schema and its rows. */
  tables: Record<string, number>;
  audit: AuditChainReport;
};

/** What a database holds, to compare a copy with its source: the migrations applied, each table's rows, the audit chain. */
export async function inspect(q: Queryable): Promise<Inspection> {
  const names = (await q.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)).map(
    (r) => r.name,
  );
  const tables: Record<string, number> = {};
  for (let i = 0; i < names.length; i += 50) {
    const part = names.slice(i, i + 50);
    const rows = await q.query<{ name: string; n: string }>(
      part.map((n) => `SELECT ${quoteLiteral(n)} AS name, count(*)::text AS n FROM ${quoteIdent(n)}`).join(' UNION ALL '),
    );
    for (const r of rows) tables[r.name] = Number(r.n);
  }
  const [m] = await q.query<{ n: number; latest: string | null }>(`SELECT count(*)::int AS n, max(id) AS latest FROM schema_migrations`);
  return { migrations: { count: m!.n, latest: m!.latest }, tables, audit: await verifyAuditChain(q) };
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Where two inspections differ (table by table, then the migrations): empty when the copy holds what its source held. */
export function differences(a: Pick<Inspection, 'tables' | 'migrations'>, b: Pick<Inspection, 'tables' | 'migrations'>): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) {
    if (a.tables[t] !== b.tables[t]) out.push(`${t}: ${a.tables[t] ?? 'no table'} rows, the copy ${b.tables[t] ?? 'no table'}`);
  }
  if (a.migrations.count !== b.migrations.count || a.migrations.latest !== b.migrations.latest) {
    out.push(`migrations: ${a.migrations.count} (to ${a.migrations.latest}), the copy ${b.migrations.count} (to ${b.migrations.latest})`);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------ backup

export type Manifest = {
  format: 'mace-embedded-backup/1';
  createdAt: string;
  /** server: asked of the running server; offline: the directory opened by the backup itself. */
  taken: 'server' | 'offline';
  bytes: number;
  sha256: string;
  migrations: Inspection['migrations'];
  tables: Record<string, number>;
  audit: { seals: number; sealedEntries: number; unsealedEntries: number; head: { uptoId: string; hash: string } };
};

export type BackupResult = { file: string; manifest: Manifest; ms: { copy: number; verify: number; requestsHeld?: number } };

const stamp = (d = new Date()) => d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

/**
 * `npm run backup`: a consistent copy of the embedded database in `file` (a gzipped tarball, mode 0600) and its manifest
 * beside it (file.json): asked of the running server when there is one, else taken from the directory, held meanwhile.
 * The copy is then opened in memory and inspected (the manifest's counts and audit chain come from it): a backup that
 * does not open, or whose audit chain does not verify, is not kept.
 */
export async function backup(o: { dataDir: string; file?: string; log?: (s: string) => void }): Promise<BackupResult> {
  const log = o.log ?? (() => undefined);
  const file = path.resolve(o.file ?? path.join('backups', `mace-${stamp()}.tar.gz`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const part = `${file}.${process.pid}.part`;
  try {
    const t0 = performance.now();
    let copy: { bytes: number; sha256: string };
    let taken: Manifest['taken'];
    let requestsHeld: number | undefined;
    const h = await holderOf(o.dataDir);
    if (h?.role === 'server') {
      log(`MACE is running on ${o.dataDir} (process ${h.pid}): asking it for a copy`);
      const { socket, token: tokenFile } = controlPaths(o.dataDir);
      let token: string;
      try {
        token = fs.readFileSync(tokenFile, 'utf8');
      } catch {
        throw new BackupRefused(`cannot read ${tokenFile}: run the backup as the account the server runs as`);
      }
      const got = await ask(socket, { op: 'backup', token }, 30 * 60_000, part);
      if (!got.reply.ok) throw new BackupRefused(`the server refused: ${got.reply.error}`);
      if (got.bytes !== got.reply.bytes || got.sha256 !== got.reply.sha256) {
        throw new Error(`the copy arrived damaged or cut short (${got.bytes} of ${got.reply.bytes} bytes)`);
      }
      copy = got;
      requestsHeld = got.reply.heldMs;
      taken = 'server';
    } else if (h) {
      throw new BackupRefused(inUse(o.dataDir, h));
    } else {
      if (!fs.existsSync(path.join(o.dataDir, 'PG_VERSION'))) throw new BackupRefused(`${o.dataDir} holds no database`);
      const held = await holdDataDir(o.dataDir, 'backup');
      try {
        log(`MACE is not running on ${o.dataDir}: copying the directory`);
        const db = await openDb({ dataDir: o.dataDir });
        try {
          const [r] = await db.query<{ sealed: boolean }>(`SELECT to_regclass('audit_seals') IS NOT NULL AS sealed`);
          if (r!.sealed) await sealAudit(db);
        } finally {
          await db.close();
        }
        // Closed: the directory stands still (and no other process may open it while it is held).
        copy = await archive(path.resolve(o.dataDir), part);
      } finally {
        await held.release();
      }
      taken = 'offline';
    }
    const copyMs = performance.now() - t0;
    log(
      `  copied ${(copy.bytes / 1e6).toFixed(1)} MB in ${(copyMs / 1000).toFixed(1)} s` +
        `${requestsHeld === undefined ? '' : ` (requests waited ${(requestsHeld / 1000).toFixed(1)} s of it)`}; opening the copy to check it`,
    );

    const t1 = performance.now();
    const seen = await inspectCopy(part);
    if (!seen.audit.ok) throw new BackupRefused(`the copy's audit chain does not verify (${seen.audit.problem}): nothing was written`);
    const manifest: Manifest = {
      format: 'mace-embedded-backup/1',
      createdAt: new Date().toISOString(),
      taken,
      bytes: copy.bytes,
      sha256: copy.sha256,
      migrations: seen.migrations,
      tables: seen.tables,
      audit: { seals: seen.audit.seals, sealedEntries: seen.audit.sealedEntries, unsealedEntries: seen.audit.unsealedEntries, head: seen.audit.head },
    };
    fs.renameSync(part, file);
    writePrivate(`${file}.json`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    return { file, manifest, ms: { copy: Math.round(copyMs), verify: Math.round(performance.now() - t1), requestsHeld } };
  } finally {
    fs.rmSync(part, { force: true });
  }
}

/** Written beside and renamed into place, readable by this account only (a backup holds personal data). */
function writePrivate(file: string, bytes: Buffer) {
  const tmp = `${file}.${process.pid}.part`;
  fs.writeFileSync(tmp, bytes, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Opens a copy in memory and inspects it. */
async function inspectCopy(file: string): Promise<Inspection> {
  const db = await openDb({ loadDataDir: new Blob([new Uint8Array(fs.readFileSync(file))], { type: 'application/x-gzip' }) });
  try {
    return await inspect(db);
  } finally {
    await db.close();
  }
}

// ----------------------------------------------------------------------------------------------------- restore

export type RestoreResult = { dataDir: string; replacedKeptAt?: string; inspection: Inspection; ms: number };

/**
 * `npm run restore -- FILE`: the backup in FILE becomes the database in dataDir. Refused while any process holds the
 * directory (a running server above all: --force does not change that), and when the directory already holds a
 * database unless `force` (the one replaced is then kept beside it, DATA_DIR.before-restore-TIME, never deleted). The
 * copy is unpacked beside the directory and inspected first (its audit chain must verify; with a manifest, its sha256,
 * table counts and audit head must match), and only then renamed into place.
 */
export async function restore(o: { dataDir: string; file: string; force?: boolean; log?: (s: string) => void }): Promise<RestoreResult> {
  const log = o.log ?? (() => undefined);
  const t0 = performance.now();
  const dataDir = path.resolve(o.dataDir);
  if (!fs.existsSync(o.file)) throw new BackupRefused(`no backup file ${o.file}`);
  let held: Held;
  try {
    held = await holdDataDir(dataDir, 'restore');
  } catch (err) {
    if (err instanceof BackupRefused)
      throw new BackupRefused(`${err.message}: stop it first (a restore never replaces the database under a running process, even with --force)`);
    throw err;
  }
  try {
    const existing = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    const when = stamp();
    const aside = `${dataDir}.before-restore-${when}`;
    if (existing && !o.force) {
      throw new BackupRefused(`${o.dataDir} already holds a database: pass --force to replace it (it would be kept as ${aside})`);
    }
    const bytes = fs.readFileSync(o.file);
    const manifestFile = `${o.file}.json`;
    const manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest) : undefined;
    if (manifest && crypto.createHash('sha256').update(bytes).digest('hex') !== manifest.sha256) {
      throw new BackupRefused(`${o.file} does not match its manifest (${manifestFile}: sha256 differs): it is damaged or not the file the manifest describes`);
    }
    if (!manifest) log(`no manifest (${manifestFile}): checking the copy on its own`);
    const staging = `${dataDir}.restoring-${when}`;
    fs.rmSync(staging, { recursive: true, force: true });
    let inspection: Inspection;
    try {
      const db = await openDb({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(bytes)], { type: 'application/x-gzip' }) });
      try {
        inspection = await inspect(db);
      } finally {
        await db.close();
      }
      if (!inspection.audit.ok) throw new BackupRefused(`the backup's audit chain does not verify (${inspection.audit.problem}): nothing was restored`);
      if (manifest) {
        const diff = differences(manifest, inspection);
        if (manifest.audit.head.hash !== inspection.audit.head.hash)
          diff.push(`audit chain head: ${manifest.audit.head.hash}, the copy ${inspection.audit.head.hash}`);
        if (diff.length) throw new BackupRefused(`the restored copy differs from the manifest: ${diff.join('; ')}; nothing was restored`);
      }
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    // Whatever the directory held is kept beside it, never deleted (an empty directory aside).
    let keptAt: string | undefined;
    if (fs.existsSync(dataDir)) {
      fs.renameSync(dataDir, aside);
      keptAt = aside;
      // The national tracker's own process keeps its database in DATA_DIR/tracker by default (TRACKER_DATA_DIR): it stays.
      if (fs.existsSync(path.join(aside, 'tracker'))) {
        fs.rmSync(path.join(staging, 'tracker'), { recursive: true, force: true });
        fs.renameSync(path.join(aside, 'tracker'), path.join(staging, 'tracker'));
      }
      if (fs.readdirSync(aside).length === 0) {
        fs.rmdirSync(aside);
        keptAt = undefined;
      }
    }
    fs.renameSync(staging, dataDir);
    return { dataDir, replacedKeptAt: keptAt, inspection, ms: Math.round(performance.now() - t0) };
  } finally {
    await held.release();
  }
}
