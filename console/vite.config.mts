import path from 'node:path';
import { defineConfig } from 'vite';

// The console's build: served by the express app (src/server/consoleRoutes.ts) from dist/console.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.join(import.meta.dirname, '../dist/console'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
  },
  // `vite dev`: the console's own paths from here, the server's (API, sign-in, connect forms) from `leadloop serve`
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(
      ['/api', '/login', '/logout', '/connect', '/oauth'].map((p) => [p, 'http://127.0.0.1:3000']),
    ),
  },
});
