import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A stand-in for the console's Vite build (dist/console) in a temporary directory, so the
 * server tests exercise how the build is served without running Vite; the browser tests
 * (test/e2e) drive the real build.
 */
export function fakeConsoleBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-console-build-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><title>leadloop</title><script type="module" crossorigin src="/assets/index-test.js"></script></head><body><div id="root"></div></body></html>',
  );
  fs.writeFileSync(
    path.join(dir, 'assets', 'index-test.js'),
    'document.getElementById("root").textContent = "console";\n',
  );
  return dir;
}
