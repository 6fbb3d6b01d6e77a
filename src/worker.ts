import { runWorker } from './cli/commands/worker';
import { runInContext } from './cli/main';

/** The `worker` process: settings → services → scheduler. Loads none of the CLI's other commands. */
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
void runInContext(io, [], (ctx) => runWorker(ctx)).then((code) => {
  if (code !== 0) process.exit(code);
});
