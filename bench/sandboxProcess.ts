/**
 * A CRM sandbox in its own process, driven over IPC by runAll: the measured sync runs in
 * another process, so neither the sandbox's CPU nor its memory distorts the figures.
 * Messages: { type: 'calls' } → counts; { type: 'resetCalls' }; { type: 'touch', fraction }
 * → leads a rep touched; { type: 'close' }.
 */
import { startSalesforceSandbox, startSugarSandbox } from '../src/sandbox';

export type BenchCrm = 'sugarcrm' | 'salesforce';

export interface SandboxStartMessage {
  crm: BenchCrm;
  leads: number;
  latencyMs: number;
  seed: number;
}

export interface SandboxHandle {
  /** What `leadloop connect <crm>` needs (flags after `--name`). */
  connectArgs: string[];
  calls(): { total: number; byEndpoint: Record<string, number> };
  resetCalls(): void;
  /** A rep touches this share of the leads (each advances its modified stamp); returns how many. */
  touch(fraction: number): number;
  close(): Promise<void>;
}

async function startSandbox(message: SandboxStartMessage): Promise<SandboxHandle> {
  if (message.crm === 'sugarcrm') {
    const sandbox = await startSugarSandbox({
      leads: message.leads,
      seed: message.seed,
      latencyMs: message.latencyMs,
      installLeadloopPackage: true,
    });
    const c = sandbox.credentials;
    return {
      connectArgs: ['--url', sandbox.url, '--username', c.username, '--password', c.password, '--platform', c.platform],
      calls: () => ({ total: sandbox.calls.total, byEndpoint: { ...sandbox.calls.byEndpoint } }),
      resetCalls: () => sandbox.calls.reset(),
      touch(fraction) {
        const ids = [...sandbox.store.table('Leads').all()].map((l) => String(l['id']));
        const step = Math.max(1, Math.round(1 / fraction));
        let touched = 0;
        for (let i = 0; i < ids.length; i += step) {
          sandbox.rep.logCall(ids[i]!);
          touched++;
        }
        return touched;
      },
      close: () => sandbox.close(),
    };
  }
  const sandbox = await startSalesforceSandbox({
    leads: message.leads,
    seed: message.seed,
    latencyMs: message.latencyMs,
  });
  const c = sandbox.credentials;
  return {
    // the Salesforce connector's CLI flags may still change when it lands (username–password flow)
    connectArgs: [
      '--login-url',
      sandbox.url,
      '--client-id',
      c.clientId,
      '--client-secret',
      c.clientSecret,
      '--username',
      c.username,
      '--password',
      c.password,
    ],
    calls: () => ({ total: sandbox.calls.total, byEndpoint: { ...sandbox.calls.byKind } }),
    resetCalls: () => {
      const calls = sandbox.calls as unknown as { reset?: () => void; total: number; byKind: Record<string, number> };
      if (calls.reset) calls.reset();
      else {
        calls.total = 0;
        for (const k of Object.keys(calls.byKind)) calls.byKind[k] = 0;
      }
    },
    touch(fraction) {
      const step = Math.max(1, Math.round(1 / fraction));
      let touched = 0;
      // a rep cannot edit a converted lead (the sandbox refuses, as Salesforce does)
      const open = sandbox.leadIds.filter((id) => sandbox.store.get('Lead', id)?.['IsConverted'] !== true);
      for (let i = 0; i < open.length; i += step) {
        sandbox.rep.touch(open[i]!);
        touched++;
      }
      return touched;
    },
    close: () => sandbox.close(),
  };
}

if (require.main === module) {
  let handle: SandboxHandle | undefined;
  process.on('message', (raw: { type: string; start?: SandboxStartMessage; fraction?: number }) => {
    void (async () => {
      try {
        if (raw.type === 'start') {
          handle = await startSandbox(raw.start!);
          process.send!({ type: 'started', connectArgs: handle.connectArgs });
        } else if (raw.type === 'calls') process.send!({ type: 'calls', calls: handle!.calls() });
        else if (raw.type === 'resetCalls') {
          handle!.resetCalls();
          process.send!({ type: 'ok' });
        } else if (raw.type === 'touch') process.send!({ type: 'touched', count: handle!.touch(raw.fraction!) });
        else if (raw.type === 'close') {
          await handle?.close();
          process.send!({ type: 'ok' }, () => process.exit(0));
        }
      } catch (error) {
        process.send!({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}
