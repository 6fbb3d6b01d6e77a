import net from 'node:net';

/**
 * Every test file: sockets may reach only this machine's loopback addresses (and local
 * sockets). nock is not loaded here: it sits in every socket of a file that imports it
 * (test/helpers/nockInTests.ts, mapped from 'nock' in jest.config.js), and a test that only
 * talks to a local sandbox gains nothing from it but its passthrough layer. While a file's
 * nock is active, nock's own `disableNetConnect` decides instead.
 */
const PATCHED = Symbol.for('leadloop.test.loopbackOnly');
const NOCK_ACTIVE = Symbol.for('leadloop.test.nockActive');

// kept on the net module: it is the one object every test file's context shares (each file has
// its own globalThis)
type SharedNet = typeof net & { [NOCK_ACTIVE]?: boolean };
type ConnectOptions = { host?: string; path?: string; lookup?: net.LookupFunction };
type Patched = typeof net.Socket.prototype & { [PATCHED]?: true };

export function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return bare === 'localhost';
}

export function optionsOf(args: unknown[]): ConnectOptions {
  // net.createConnection hands connect() its normalised [options, callback] array
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) return first as ConnectOptions;
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : undefined };
}

/** Why `connect(...args)` may not go ahead, or null; 'lookup' when only its resolver's answer decides. */
export function refusal(args: unknown[]): string | 'lookup' | null {
  const options = optionsOf(args);
  const host = options.host ?? 'localhost';
  if (options.path || isLoopback(host)) return null;
  return options.lookup ? 'lookup' : `tests may not connect to ${host}: loopback only`;
}

export const isGuardInstalled = (): boolean => Boolean((net.Socket.prototype as Patched)[PATCHED]);

const proto = net.Socket.prototype as Patched;
if (!proto[PATCHED]) {
  const original = proto.connect;
  proto[PATCHED] = true;
  proto.connect = function connect(this: net.Socket, ...args: unknown[]) {
    if (!(net as SharedNet)[NOCK_ACTIVE]) {
      const why = refusal(args);
      if (why && why !== 'lookup') {
        process.nextTick(() => this.destroy(Object.assign(new Error(why), { code: 'ENETUNREACH' })));
        return this;
      }
      const options = optionsOf(args);
      if (why === 'lookup' && options.lookup) {
        // a custom resolver (the SSRF tests' fake DNS): what it answers must be loopback too
        const lookup = options.lookup;
        options.lookup = ((hostname: string, opts: object, callback: (...a: unknown[]) => void) =>
          lookup(
            hostname,
            opts as never,
            ((error: Error | null, address: string | { address: string }[], family?: number) => {
              const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
              if (!error && addresses.some((a) => !isLoopback(a)))
                callback(
                  Object.assign(new Error(`tests may not connect to ${addresses.join(', ')}: loopback only`), {
                    code: 'ENETUNREACH',
                  }),
                );
              else callback(error, address, family);
            }) as never,
          )) as net.LookupFunction;
      }
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof proto.connect;
}
