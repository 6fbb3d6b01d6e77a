import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import type { CliContext } from './context';

/** The dependencies an org runtime needs, from the CLI context. */
export async function runtimeDeps(ctx: CliContext): Promise<OrgRuntimeDeps> {
  const db = await ctx.database();
  const logger = ctx.logger();
  return { db, box: ctx.secretBox(), settings: ctx.settings(), logger };
}
