import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printResult } from '../output';
import { runtimeDeps } from '../runtimeDeps';
import { findOrg } from '../../app/syncOrg';
import { createOrgRuntime } from '../../app/createOrgRuntime';
import { checkMapping } from '../../mapping';
import { recordAudit } from '../../store/auditLog';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('setup')
    .description("Create leadloop's fields in the org (where the API allows) and check the mapping against it")
    .argument('<name>', 'org name')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: { json?: boolean }) => {
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const runtime = await createOrgRuntime(deps, org);
      const report = await runtime.connector.setup();
      const described = await runtime.connector.describeLeads();
      const { problems, warnings: checked } = checkMapping(runtime.mapping, described.fields);
      // the connector's words first (they say how to add what is missing), then the rest of the check
      const warnings = [...(report.warnings ?? [])];
      for (const w of checked) if (!warnings.some((x) => x.startsWith(w))) warnings.push(w);
      await recordAudit(deps.db, {
        actor: 'cli',
        action: 'org.setup',
        target: org.name,
        details: { created: report.created },
      });
      const data = {
        org: org.name,
        ...report,
        warnings,
        missingFields: described.missingFields,
        mappingProblems: problems,
        ready: problems.length === 0,
      };
      printResult(ctx.io, Boolean(opts.json), data, () =>
        [
          report.created.length
            ? `Created in ${org.name}:\n${report.created.map((c) => `  + ${c}`).join('\n')}`
            : `Nothing needed creating in ${org.name}.`,
          report.alreadyPresent.length ? `Already present: ${report.alreadyPresent.join(', ')}` : '',
          report.manualSteps.length
            ? `An admin must still:\n${report.manualSteps.map((s) => `  - ${s}`).join('\n')}`
            : '',
          warnings.length ? `Works without (warnings):\n${warnings.map((w) => `  ! ${w}`).join('\n')}` : '',
          problems.length
            ? `The mapping does not match the org yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`
            : `The mapping matches the org: ready to sync (\`leadloop sync ${org.name} --full\`).`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
      if (problems.length) ctx.exitCode = 1;
    });
}
