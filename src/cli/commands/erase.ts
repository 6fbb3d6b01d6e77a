import type { Command } from 'commander';
import { erasePerson } from '../../sync/erasePerson';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('erase')
    .description(
      'Forget a person (privacy requests): their lead state, history, outcomes and activity in leadloop, and cached public-data answers about them. The CRM is not touched.',
    )
    .requiredOption('--email <address>', 'the email address of the person')
    .option('--company <name>', 'also forget answers keyed by this company name')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { email: string; company?: string; json?: boolean }) => {
      if (!/^[^@\s]+@[^@\s]+$/.test(opts.email.trim()))
        throw new CliError(`--email: "${opts.email}" is not an email address`);
      const db = await ctx.database();
      const result = await erasePerson(db, {
        email: opts.email,
        ...(opts.company ? { company: opts.company } : {}),
        actor: 'cli',
      });
      printResult(
        ctx.io,
        Boolean(opts.json),
        { erased: result },
        () =>
          `Erased ${result.leadsDeleted} lead record(s) with ${result.historyDeleted} status change(s), ${result.outcomesDeleted} outcome(s), ${result.engagementDeleted} engagement event(s), ${result.handoversDeleted} hand-over(s), and ${result.cacheEntriesDeleted} cached enrichment answer(s)${result.domain ? ` for ${result.domain}` : ''}. Email hash: ${result.emailHash}.`,
      );
    });
}
