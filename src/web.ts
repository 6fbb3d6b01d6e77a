import { main } from './cli/main';

/** The `web` process: `leadloop serve`. */
void main(['serve', ...process.argv.slice(2)]).then((code) => {
  if (code !== 0) process.exit(code);
});
