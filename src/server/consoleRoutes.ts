import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { h, layout } from './html';

/** The console's own paths (console/src/routes.ts says what each shows); any other path is its 404 page. */
export const CONSOLE_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/orgs\/?$/,
  /^\/orgs\/[A-Za-z0-9_.-]+\/?$/,
  /^\/runs\/?$/,
  /^\/runs\/\d+\/?$/,
  /^\/definitions\/?$/,
  /^\/routing\/?$/,
  /^\/reports\/?$/,
  /^\/settings\/?$/,
];

/**
 * Where `npm run build:console` puts the console (Vite's output): dist/console of the
 * repository, found from this file in the sources (src/server) and in the build
 * (dist/src/server).
 */
export function defaultConsoleDir(): string {
  for (const candidate of [path.join(__dirname, '../../dist/console'), path.join(__dirname, '../../console')]) {
    if (consoleBuilt(candidate)) return candidate;
  }
  return path.join(__dirname, '../../dist/console');
}

export const consoleBuilt = (dir: string): boolean => fs.existsSync(path.join(dir, 'index.html'));

/** The built bundle (hashed file names: cached for a year), public like any script a login page would load. */
export function consoleAssets(dir: string): Router {
  const router = express.Router();
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { index: false, fallthrough: false, maxAge: '1y', immutable: true }),
  );
  return router;
}

/**
 * The single-page console: index.html for its paths (200) and for any other page path
 * (404, the console shows its not-found page). Without a build, a page that says how to
 * build it, never a crash.
 */
export function consolePages(dir: string): Router {
  const router = express.Router();
  const indexFile = path.join(dir, 'index.html');
  router.get(/.*/, (req, res) => {
    let html: string;
    try {
      html = fs.readFileSync(indexFile, 'utf8');
    } catch {
      return void res
        .status(503)
        .type('html')
        .send(
          layout(
            'Console not built',
            `<h1>The console is not built</h1><p>This server has no console build in <code>${h(dir)}</code>. Run <code>npm run build</code> (or <code>npm run build:console</code>) and reload. The API under <code>/api/v1</code> works without it.</p>`,
          ),
        );
    }
    const known = CONSOLE_PATHS.some((p) => p.test(req.path));
    res
      .status(known ? 200 : 404)
      .type('html')
      .setHeader('Cache-Control', 'no-cache')
      .send(html);
  });
  return router;
}
