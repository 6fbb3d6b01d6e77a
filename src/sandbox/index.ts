/**
 * The sandbox island: local CRM-compatible servers (a Salesforce org and a SugarCRM instance
 * over real HTTP, seeded) for the demo, the benchmarks and the tests. This file is its one
 * door: leadloop imports only from here, and nothing in the sandbox imports leadloop
 * (test/unit/foundation/sandboxIsland.test.ts).
 */
export {
  startSalesforceSandbox,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from './salesforce/startSalesforceSandbox';
export { startSugarSandbox, type StartSugarSandboxOptions, type SugarSandbox } from './sugarcrm/startSugarSandbox';
