import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The `web` and `worker` processes load what they serve and nothing of the sandbox, the demo or
 * the CLI's other commands. Runs the built files (`npm test` compiles before jest).
 */
const ROOT = path.join(__dirname, '..', '..');

async function loadedModules(entry: string, ready: RegExp): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-boundary-'));
  const out = path.join(dir, 'modules.json');
  const child = spawn(
    process.execPath,
    ['--require', path.join(ROOT, 'test/helpers/dumpLoadedModules.js'), path.join(ROOT, 'dist/src', entry)],
    {
      env: {
        ...process.env,
        LEADLOOP_DATA_DIR: dir,
        PORT: '0',
        DATABASE_URL: '',
        LOG_FORMAT: 'pretty',
        LOG_LEVEL: 'info',
        LEADLOOP_TEST_MODULES_OUT: out,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    if (ready.test(output)) child.kill('SIGTERM');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    if (!fs.existsSync(out)) throw new Error(`${entry} exited (${code}) without listing its modules:\n${output}`);
    return (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).map((f) => path.relative(ROOT, f));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('process boundaries', () => {
  it.each([
    ['web.js', /listening/],
    ['worker.js', /worker .* started/],
  ])('%s starts without loading the sandbox, the demo or other commands', async (entry, ready) => {
    const modules = await loadedModules(entry, ready).then((list) => list.filter((f) => f.startsWith('dist/')));
    expect(modules.length).toBeGreaterThan(20);
    expect(modules.filter((f) => f.startsWith('dist/src/sandbox/') || f.startsWith('dist/src/demo/'))).toEqual([]);
    const commands = modules.filter((f) => f.startsWith('dist/src/cli/commands/'));
    expect(commands).toEqual([`dist/src/cli/commands/${entry === 'web.js' ? 'serve' : 'worker'}.js`]);
  });

  it('the CLI lists every command module in src/cli/commands', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src/cli/main.ts'), 'utf8');
    const listed = [...source.matchAll(/require\('\.\/commands\/(\w+)'\)/g)].map((m) => m[1]).sort();
    const files = fs
      .readdirSync(path.join(ROOT, 'src/cli/commands'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(listed).toEqual(files);
  });
});
