import { serve } from './cli/commands/serve';
import { runInContext } from './cli/main';

/** The `web` process: settings → services → app → listen. Loads none of the CLI's other commands. */
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
void runInContext(io, [], (ctx) => serve(ctx)).then((code) => {
  if (code !== 0) process.exit(code);
});
