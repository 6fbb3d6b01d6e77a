import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { runtimeDeps } from '../runtimeDeps';
import { configureOrg } from '../../app/configureOrg';
import { findOrg } from '../../app/syncOrg';
import { buildRoutingReport } from '../../routing/buildRoutingReport';
import { findRoutingFile, loadRoutingFile } from '../../routing/loadRouting';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('routing')
    .description("Attach an org's routing rules (--file), or show who got how many leads and the SLA breaches")
    .argument('<name>', 'org name')
    .option(
      '--file <file>',
      'a routing file (see definitions/routing.example.yaml): validated, then used from the next run',
    )
    .option('--since <date>', 'only assignments from this date (YYYY-MM-DD)')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: { file?: string; since?: string; json?: boolean }) => {
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      if (opts.file) {
        // the same checks as `leadloop orgs set NAME --routing FILE`: valid, and every rep it names is a CRM user
        const file = path.resolve(opts.file);
        const { warnings } = await configureOrg(deps, org, { routingFile: file }, 'cli');
        const config = loadRoutingFile(file);
        const data = {
          org: org.name,
          routingFile: file,
          teams: Object.keys(config.teams),
          rules: config.rules.map((r) => r.name),
          warnings,
        };
        printResult(ctx.io, Boolean(opts.json), data, () =>
          [
            `Routing for ${org.name}: ${file}`,
            `  teams: ${data.teams.join(', ')}`,
            `  rules (first match wins): ${data.rules.join(' → ')}`,
            ...warnings.map((w) => `warning: ${w}`),
          ].join('\n'),
        );
        return;
      }
      if (opts.since && Number.isNaN(Date.parse(opts.since)))
        throw new CliError(`--since ${opts.since} is not a date (YYYY-MM-DD)`);
      const file = findRoutingFile(org.definitionId ?? 'default', org.settings.routingFile);
      const report = await buildRoutingReport(deps.db, org.id, opts.since ?? null);
      printResult(ctx.io, Boolean(opts.json), { org: org.name, routingFile: file, ...report }, () =>
        [
          file
            ? `Routing rules: ${file}`
            : `No routing rules for ${org.name}: an MQL stays with its CRM owner when that owner is an active user, with the default SLA and one hand-over task. Attach rules with \`leadloop orgs set ${org.name} --routing FILE\`.`,
          report.assignments.length
            ? formatTable(
                ['TEAM', 'MEMBER', 'OWNER', 'LEADS', 'BY SLA', 'LAST'],
                report.assignments.map((a) => [
                  a.team ?? '-',
                  a.member ?? '-',
                  a.ownerId,
                  a.leads,
                  a.bySla,
                  a.lastAt.slice(0, 16),
                ]),
              )
            : 'No assignments yet.',
          `SLA breaches: ${report.breaches.total} (reassigned ${report.breaches.reassigned}, team lead notified ${report.breaches.notified})`,
        ].join('\n'),
      );
    });
}
