import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createSafeHttpClient, type ResolvedAddress } from '../../src/enrich/safeHttpClient';
import { SafeFetchError } from '../../src/enrich/safeFetchError';

/** Issue 13 / B7: no enrichment request reaches a loopback canary, whatever the name resolves to. */
describe('enrichment cannot reach private addresses', () => {
  let canary: http.Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    canary = http.createServer((_req, res) => res.end('<html>internal</html>'));
    canary.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    port = (canary.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => canary.close(resolve));
  });

  const client = (lookup: (host: string) => Promise<ResolvedAddress[]>) =>
    createSafeHttpClient({ userAgent: 'leadloop-test', lookup, allowedPorts: new Set([port]), timeoutMs: 2000 });

  const privateV4 = fc
    .oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
    )
    .map((parts) => parts.join('.'));

  it('refuses any company website whose name resolves to a private, loopback or link-local address', async () => {
    await fc.assert(
      fc.asyncProperty(privateV4, async (address) => {
        const attempt = client(async () => [{ address, family: 4 }]).request({
          url: `http://company.example:${port}/`,
          accept: ['text/html'],
        });
        await expect(attempt).rejects.toBeInstanceOf(SafeFetchError);
      }),
      { seed: 1313, numRuns: 150 },
    );
    expect(connections).toBe(0);
  });

  it.each([
    '127.0.0.1',
    '127.1',
    '2130706433',
    '017700000001',
    '0x7f.1',
    '0',
    '[::ffff:127.0.0.1]',
    '169.254.169.254',
    '10.0.0.1',
    '[::1]',
  ])('refuses the literal address %s in a URL', async (host) => {
    const attempt = client(async () => [{ address: '127.0.0.1', family: 4 }]).request({
      url: `http://${host}:${port}/`,
      accept: ['text/html'],
    });
    await expect(attempt).rejects.toThrow();
    expect(connections).toBe(0);
  });
});
