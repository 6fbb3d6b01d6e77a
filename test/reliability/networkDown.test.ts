import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

const BIN = path.join(__dirname, '../../bin/leadloop.js');
const SEED_NOW = new Date('2026-11-20T10:00:00.000Z');

/** A UDP port on 127.0.0.1 nobody listens on: every DNS query to it is refused (or times out). */
async function deadResolver(): Promise<string> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

/**
 * A DNS server on 127.0.0.1 that answers NXDOMAIN to every question, "com" included — what an
 * offline or captive stub resolver does. Its answers look authoritative; they are not.
 */
async function nxdomainEverywhere(): Promise<{ address: string; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    const reply = Buffer.from(query);
    reply[2] = 0x81 | (query[2]! & 0x01 ? 0x01 : 0); // QR, opcode 0, RD copied
    reply[3] = 0x83; // RA, RCODE 3 (NXDOMAIN)
    reply.writeUInt16BE(0, 6); // no answers
    reply.writeUInt16BE(0, 8);
    reply.writeUInt16BE(0, 10);
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** A connected and set-up Salesforce sandbox org of `leads` leads from `seed`, in a fresh data directory. */
async function connectedOrg(leads: number, seed: number, env: Record<string, string>) {
  const sandbox = await startSalesforceSandbox({ leads, seed, seedNow: SEED_NOW });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-netdown-'));
  const fullEnv = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_SYNC_BATCH_LEADS: '400', ...env };
  const cli = async (args: string[]) => runCli(args, fullEnv);
  const c = sandbox.credentials;
  expect(
    (
      await cli([
        'connect',
        'salesforce',
        '--name',
        'org',
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
      ])
    ).code,
  ).toBe(0);
  expect((await cli(['setup', 'org'])).code).toBe(0);
  return {
    sandbox,
    env: fullEnv,
    cli,
    async close() {
      await sandbox.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every open lead's score, grade and status as leadloop wrote them into the CRM. */
function scores(sandbox: SalesforceSandbox): Map<string, string> {
  const open = sandbox.store.scan('Lead').filter((l) => !l['IsDeleted'] && l['IsConverted'] !== true);
  return new Map(
    open.map((l) => [
      String(l['Id']),
      `${String(l['LeadLoop_Score__c'])}/${String(l['LeadLoop_Grade__c'])}/${String(l['LeadLoop_Status__c'])}`,
    ]),
  );
}

const differences = (a: Map<string, string>, b: Map<string, string>) =>
  [...a].filter(([id, v]) => b.get(id) !== v).map(([id, v]) => `${id}: ${v} ≠ ${String(b.get(id))}`);

describe('scores with the network unreachable (DNS failing)', () => {
  // corporate e-mail domains of the seed would all be "does not accept mail" if a failed
  // lookup were taken for an answer; unknown adds nothing, so the scores are the offline ones
  it('are the same on two from-scratch syncs (resolver refusing, resolver saying NXDOMAIN to everything), equal to network enrichment off, and the run says once that the network is unavailable', async () => {
    const dns = await deadResolver();
    const stub = await nxdomainEverywhere();
    const offline = await connectedOrg(1200, 51, { LEADLOOP_ENRICH_NETWORK: 'off' });
    const first = await connectedOrg(1200, 51, { LEADLOOP_ENRICH_NETWORK: 'on', LEADLOOP_DNS_SERVERS: dns });
    const second = await connectedOrg(1200, 51, { LEADLOOP_ENRICH_NETWORK: 'on', LEADLOOP_DNS_SERVERS: stub.address });
    try {
      expect((await offline.cli(['sync', 'org', '--full', '--json'])).json()).toMatchObject({
        status: 'completed',
        enrichment: { network: 'off' },
      });
      const runs = [
        await first.cli(['sync', 'org', '--full', '--json']),
        await second.cli(['sync', 'org', '--full', '--json']),
      ];
      for (const run of runs) {
        expect(run.json()).toMatchObject({ status: 'completed', enrichment: { network: 'unavailable' } });
        expect(run.stderr.split('\n').filter((l) => l.includes('network enrichment is unavailable'))).toHaveLength(1);
      }
      const expected = scores(offline.sandbox);
      expect(expected.size).toBeGreaterThan(1000);
      expect(differences(expected, scores(first.sandbox))).toEqual([]);
      expect(differences(expected, scores(second.sandbox))).toEqual([]);
      // the unknown lookups are tried again by the next run, which finds nothing new to write
      const again = await first.cli(['sync', 'org', '--json']);
      expect(again.json()).toMatchObject({ status: 'completed', written: 0, enrichment: { network: 'unavailable' } });
      expect(again.json<{ counts: { rescored: number } }>().counts.rescored).toBeGreaterThan(0);
    } finally {
      await Promise.all([offline.close(), first.close(), second.close(), stub.close()]);
    }
  }, 240_000);

  it('are the same after a run killed five times (SIGKILL) and resumed as after an uninterrupted run', async () => {
    const dns = await deadResolver();
    const env = { LEADLOOP_ENRICH_NETWORK: 'on', LEADLOOP_DNS_SERVERS: dns };
    const reference = await connectedOrg(1200, 52, env);
    const org = await connectedOrg(1200, 52, env);
    try {
      expect((await reference.cli(['sync', 'org', '--full', '--json'])).json()).toMatchObject({ status: 'completed' });
      const expected = scores(reference.sandbox);

      // killed by progress (API calls made in the run), as in salesforceFaults.test.ts
      const killAfterCalls = [5, 3, 9, 4, 12];
      let killed = 0;
      for (const [i, k] of killAfterCalls.entries()) {
        const callsBefore = org.sandbox.calls.total;
        const child = spawn(process.execPath, [BIN, 'sync', 'org', ...(i === 0 ? ['--full'] : []), '--json'], {
          env: { ...process.env, ...org.env, LOG_LEVEL: 'error' },
          stdio: 'ignore',
        });
        const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
        const poll = setInterval(() => {
          if (org.sandbox.calls.total - callsBefore >= k && child.exitCode === null && child.kill('SIGKILL')) {
            killed++;
            clearInterval(poll);
          }
        }, 1);
        await exit;
        clearInterval(poll);
      }
      expect(killed).toBe(5);
      expect((await org.cli(['sync', 'org', '--json'])).json()).toMatchObject({
        status: 'completed',
        enrichment: { network: 'unavailable' },
      });
      expect(differences(expected, scores(org.sandbox))).toEqual([]);
    } finally {
      await Promise.all([reference.close(), org.close()]);
    }
  }, 240_000);
});
