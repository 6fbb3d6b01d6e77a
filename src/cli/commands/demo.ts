import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { createCliContext } from '../context';
import { generateKey } from '../../security/secretBox';
import { printResult } from '../output';
import { runtimeDeps } from '../runtimeDeps';
import type { DemoResult } from '../../demo/runDemo';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('Run the main job end to end on local sandbox CRMs (offline, embedded database in <data dir>/demo)')
    .option('--leads <n>', 'leads per sandbox CRM', '3000')
    .option('--seed <n>', 'seed of the generated data', '42')
    .option('--crm <list>', 'which sandbox CRMs (comma-separated)', 'salesforce,sugarcrm')
    .option('--json', 'print one JSON object as the last line (machine-readable)')
    .action(async (opts: { leads: string; seed: string; crm: string; json?: boolean }) => {
      const base = ctx.settings();
      const demoDir = path.resolve(base.LEADLOOP_DATA_DIR, 'demo');
      fs.rmSync(demoDir, { recursive: true, force: true });
      // a context of its own: a fresh embedded database (wiped above, so a one-run key), offline enrichment,
      // nothing of a real setup touched
      const demo = createCliContext({
        ...ctx.io,
        env: {
          ...ctx.io.env,
          DATABASE_URL: '',
          LEADLOOP_SECRET_KEY: generateKey(),
          LEADLOOP_DATA_DIR: demoDir,
          LEADLOOP_ENRICH_NETWORK: 'off',
          LOG_LEVEL: ctx.io.env['LOG_LEVEL'] ?? 'warn',
        },
      });
      const say = (line: string) => void (opts.json ? ctx.io.stderr : ctx.io.stdout).write(line + '\n');
      const results: DemoResult[] = [];
      try {
        // loaded on use: the demo brings the sandboxes, which no other command needs
        const { runDemo } = require('../../demo/runDemo') as typeof import('../../demo/runDemo');
        const { startDemoSandboxes } =
          require('../../demo/startDemoSandboxes') as typeof import('../../demo/startDemoSandboxes');
        const deps = await runtimeDeps(demo);
        say(`leadloop demo: embedded database in ${demoDir}, network enrichment off`);
        for (const sandbox of await startDemoSandboxes(opts.crm.split(','), Number(opts.leads), Number(opts.seed))) {
          try {
            results.push(await runDemo(deps, sandbox, Number(opts.leads), say, ctx.io.stderr));
          } finally {
            await sandbox.close();
          }
        }
      } finally {
        await demo.dispose();
      }
      printResult(
        ctx.io,
        Boolean(opts.json),
        { results },
        () => `\nDone. Explore: LEADLOOP_DATA_DIR=${demoDir} npx leadloop runs ${results[0]?.org ?? 'demo-salesforce'}`,
      );
    });
}
