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
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/login': 'http://127.0.0.1:3000' } },
});
