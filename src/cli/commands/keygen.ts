import type { Command } from 'commander';
import type { CliContext } from '../context';
import { generateKey } from '../../security/secretBox';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('keygen')
    .description('Print a new random LEADLOOP_SECRET_KEY (32 bytes, hex)')
    .action(() => {
      ctx.io.stdout.write(generateKey() + '\n');
    });
}
