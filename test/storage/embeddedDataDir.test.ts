import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError } from '../../src/store/lockDataDir';
import { migrate, loadMigrations } from '../../src/store/migrate';
import { openDatabase } from '../../src/store/openDatabase';
import { testDatabaseTargets } from '../helpers/testDatabases';

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

// each test opens the embedded database on disk several times (slow on a loaded machine)
jest.setTimeout(180_000);

/** Issue 24, item 8: the embedded database's files are the owner's alone, and one process has them at a time. */
describe('the embedded data directory', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-datadir-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates the data directory 0700 and keeps PGlite files out of reach of group and others', async () => {
    const dir = path.join(root, 'fresh');
    const warnings: string[] = [];
    const db = await openDatabase({ dataDir: dir, warn: (m) => warnings.push(m) });
    await db.close();
    expect(mode(dir)).toBe('700');
    // the next start finds PGlite's own 0644 files inside owner-only directories (out of others' reach): tightened, no warning
    const reopened = await openDatabase({ dataDir: dir, warn: (m) => warnings.push(m) });
    await reopened.close();
    expect(warnings).toEqual([]);
    const dirs = [
      dir,
      ...fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(e.parentPath, e.name)),
    ];
    expect(dirs.length).toBeGreaterThan(5);
    expect(dirs.filter((p) => fs.statSync(p).mode & 0o077)).toEqual([]);
  });

  it('tightens a directory left open to others, and says so', async () => {
    const dir = path.join(root, 'loose');
    fs.mkdirSync(path.join(dir, 'pgdata'), { recursive: true });
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(path.join(dir, 'pgdata'), 0o755);
    fs.writeFileSync(path.join(dir, 'secret.key'), 'x', { mode: 0o666 });
    fs.chmodSync(path.join(dir, 'secret.key'), 0o666);
    const warnings: string[] = [];
    const db = await openDatabase({ dataDir: dir, warn: (m) => warnings.push(m) });
    await db.close();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the data directory ${dir} was open to group or others: \\. \\(0777\\), pgdata \\(0755\\), secret\\.key \\(0666\\); .*now owner-only`,
        ),
      ),
    ]);
    expect([mode(dir), mode(path.join(dir, 'pgdata')), mode(path.join(dir, 'secret.key'))]).toEqual([
      '700',
      '700',
      '600',
    ]);
  });

  it('refuses to open a data directory another live process holds, naming it and the pid; takes over a lock left by a dead one', async () => {
    const dir = path.join(root, 'shared');
    fs.mkdirSync(dir, { mode: 0o700 });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(
        path.join(dir, 'leadloop.lock'),
        JSON.stringify({ pid: holder.pid, startedAt: '2026-12-04T04:00:00.000Z' }),
      );
      const error = await openDatabase({ dataDir: dir }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toBe(
        `The embedded database in ${dir} is open in another leadloop process (pid ${holder.pid}, since 2026-12-04T04:00:00.000Z): stop it first, or give both DATABASE_URL (a PostgreSQL server) to share the data`,
      );
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const db = await openDatabase({ dataDir: dir });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'leadloop.lock'), 'utf8')).pid).toBe(process.pid);
    await db.close();
    expect(fs.existsSync(path.join(dir, 'leadloop.lock'))).toBe(false);
  });
});

/** Issue 24, item 1: migration 097 renames stored org names that break the rule instead of failing. */
describe.each(testDatabaseTargets())('migration 097 on $name', (target) => {
  it('renames invalid org names, records the old ones and adds the CHECK', async () => {
    const db = await target.open();
    try {
      // the database as an older version left it: drop what 097 added, then store names the CLI once accepted
      await db.exec(`ALTER TABLE orgs DROP CONSTRAINT orgs_name_valid; DELETE FROM schema_migrations WHERE version = 97;
        ALTER TABLE api_tokens DROP COLUMN scope, DROP COLUMN expires_at, DROP COLUMN owner; ALTER TABLE admin_users DROP COLUMN disabled_at; DROP INDEX admin_sessions_user;`);
      const names = ["x'-alert(document.domain)-'", 'ok-name', '../etc', `renamed_${crypto.randomInt(1000)}`];
      for (const name of names) await db.query(`INSERT INTO orgs (name, crm) VALUES ($1, 'sugarcrm')`, [name]);
      await db.query(`INSERT INTO api_tokens (name, token_hash, created_by) VALUES ('old', 'h', 'cli')`);
      expect(await migrate(db, loadMigrations())).toEqual([97]);
      const { rows } = await db.query<{ name: string }>('SELECT name FROM orgs ORDER BY id');
      expect(rows.map((r) => r.name)).toEqual([
        expect.stringMatching(/^renamed_\d+_[0-9a-f]{6}$/),
        'ok-name',
        expect.stringMatching(/^renamed_\d+_[0-9a-f]{6}$/),
        names[3],
      ]);
      const audit = await db.query<{ target: string; details: { oldName: string } }>(
        `SELECT target, details FROM audit_log WHERE action = 'org.rename_invalid' ORDER BY id`,
      );
      expect(audit.rows.map((r) => r.details.oldName)).toEqual([names[0], '../etc']);
      expect(audit.rows.map((r) => r.target)).toEqual([rows[0]!.name, rows[2]!.name]);
      const token = await db.query<{ scope: string; owner: string }>(
        `SELECT scope, owner FROM api_tokens WHERE name = 'old'`,
      );
      expect(token.rows[0]).toEqual({ scope: 'full', owner: 'cli' });
    } finally {
      await db.close();
    }
  });
});
