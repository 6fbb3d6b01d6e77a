import fs from 'node:fs';
import path from 'node:path';

/** Another leadloop process has the embedded database open. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    since?: string,
  ) {
    super(
      `The embedded database in ${dataDir} is open in another leadloop process (pid ${holderPid}${since ? `, since ${since}` : ''}): stop it first, or give both DATABASE_URL (a PostgreSQL server) to share the data`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'leadloop.lock';
/** Locks this process holds, by directory: one process may open its own data directory again (tests, the demo). */
const held = new Map<string, { count: number; file: string }>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the data directory 0700 and tightens what is in it (PGlite writes its files,
 * WAL included, 0666: admin e-mails, password hashes and lead data), warning when it was
 * open to group or others; then takes an exclusive lock file naming this process, so the
 * CLI and a running server never open the same embedded database at once without a word
 * (issue 24, item 8). A lock left by a process that is gone is taken over.
 */
export function lockDataDir(dataDir: string, warn: (message: string) => void = () => undefined): DataDirLock {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, warn);
  const file = path.join(dir, LOCK_FILE);
  const mine = held.get(dir);
  if (mine) {
    mine.count += 1;
    return { release: () => releaseOne(dir) };
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), {
        flag: 'wx',
        mode: 0o600,
      });
      held.set(dir, { count: 1, file });
      return { release: () => releaseOne(dir) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && alive(holder.pid))
        throw new DataDirLockedError(dir, holder.pid, holder.startedAt);
      // stale (the holder is gone) or unreadable: take it over
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

function releaseOne(dir: string): void {
  const mine = held.get(dir);
  if (!mine) return;
  mine.count -= 1;
  if (mine.count > 0) return;
  held.delete(dir);
  const holder = readHolder(mine.file);
  if (holder?.pid === process.pid) fs.rmSync(mine.file, { force: true });
}

function readHolder(file: string): { pid: number; startedAt?: string } | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown; startedAt?: unknown };
    return Number.isInteger(parsed.pid)
      ? { pid: Number(parsed.pid), ...(typeof parsed.startedAt === 'string' ? { startedAt: parsed.startedAt } : {}) }
      : null;
  } catch {
    return null;
  }
}

/**
 * 0700 for directories, 0600 for files, everywhere under `dir`. PGlite creates files and
 * directories 0666/0777 less the umask on every run; behind an owner-only directory nobody
 * else can reach them, so only what others could actually reach is worth a warning.
 */
function tighten(dir: string, warn: (message: string) => void): void {
  const exposed: string[] = [];
  // `reachable`: group or others could get this far (every directory above let them through)
  const walk = (p: string, isDir: boolean, reachable: boolean) => {
    const mode = fs.lstatSync(p).mode & 0o777;
    if (mode & 0o077) {
      if (reachable) exposed.push(`${path.relative(dir, p) || '.'} (${mode.toString(8).padStart(4, '0')})`);
      fs.chmodSync(p, isDir ? 0o700 : 0o600);
    }
    if (!isDir) return;
    const through = reachable && (mode & 0o011) !== 0;
    for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
      if (entry.isSymbolicLink()) continue;
      walk(path.join(p, entry.name), entry.isDirectory(), through);
    }
  };
  walk(dir, true, true);
  if (exposed.length)
    warn(
      `the data directory ${dir} was open to group or others: ${exposed.slice(0, 3).join(', ')}${exposed.length > 3 ? ' …' : ''}; the embedded database holds password hashes and lead data, so it is now owner-only (0700, files 0600)`,
    );
}
