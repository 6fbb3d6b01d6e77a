import { main } from './cli/main';

/** The `worker` process: `leadloop worker` (scheduler and sync jobs). */
void main(['worker', ...process.argv.slice(2)]).then((code) => {
  if (code !== 0) process.exit(code);
});
