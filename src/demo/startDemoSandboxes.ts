import { CliError } from '../cli/output';
import { startSalesforceDemo, startSugarDemo, type DemoSandbox } from './demoSandboxes';

const STARTERS: Record<string, (leads: number, seed: number) => Promise<DemoSandbox>> = {
  salesforce: startSalesforceDemo,
  sugarcrm: startSugarDemo,
};

export async function startDemoSandboxes(crms: string[], leads: number, seed: number): Promise<DemoSandbox[]> {
  const unknown = crms.filter((c) => !STARTERS[c]);
  if (unknown.length)
    throw new CliError(`unknown sandbox CRM: ${unknown.join(', ')} (choose from ${Object.keys(STARTERS).join(', ')})`);
  const out: DemoSandbox[] = [];
  for (const crm of crms) out.push(await STARTERS[crm]!(leads, seed));
  return out;
}
