import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { parseRetryAfter } from '../resilience/withRetry';
import { isIpLiteral, isPublicAddress } from './isPublicAddress';
import { SafeFetchError } from './safeFetchError';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Name → addresses. Injected in tests; the default asks the system resolver. */
export type AddressLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemAddressLookup: AddressLookup = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface SafeHttpClientOptions {
  /** Honest identification, e.g. `leadloop-enrich/0.1.0 (+https://github.com/leadloop)`. */
  userAgent: string;
  lookup?: AddressLookup;
  /** Cap on the (decompressed) body; default 1 MB. */
  maxBytes?: number;
  /** Cap on the whole exchange including redirects; default 10 s. */
  timeoutMs?: number;
  /** Default 3; each hop is checked again. */
  maxRedirects?: number;
  /** Ports a URL may name; default 80, 443, 8080, 8443. */
  allowedPorts?: ReadonlySet<number>;
  /**
   * Check the connected socket's peer address too (default true). Only tests that fake HTTP
   * with nock turn it off: nock 15's sockets report a loopback peer for every host.
   */
  verifyPeerAddress?: boolean;
}

export interface SafeRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Media types accepted; anything else is refused before the body is read. */
  accept: readonly string[];
  signal?: AbortSignal;
  /** Tighter than the client's cap, never looser. */
  timeoutMs?: number;
}

export interface SafeResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  contentType: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SafeHttpClient {
  request(request: SafeRequest): Promise<SafeResponse>;
}

const DEFAULT_PORTS: ReadonlySet<number> = new Set([80, 443, 8080, 8443]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * An HTTP client for fetching what third parties host (company websites) that cannot
 * be turned against our own network (SSRF). Every name is resolved and every address
 * checked with `isPublicAddress` before the request, and again inside the socket's own
 * `lookup` (so a DNS answer that changes between the check and the connect — rebinding —
 * is caught), and the connected socket's remote address is checked once more. Literal
 * IPs in any notation are checked too. Redirects are followed by hand, each hop checked.
 */
export function createSafeHttpClient(options: SafeHttpClientOptions): SafeHttpClient {
  const lookup = options.lookup ?? systemAddressLookup;
  const maxBytes = options.maxBytes ?? 1_048_576;
  const totalMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const ports = options.allowedPorts ?? DEFAULT_PORTS;
  const verifyPeer = options.verifyPeerAddress ?? true;

  async function publicAddresses(hostname: string): Promise<ResolvedAddress[]> {
    let addresses: ResolvedAddress[];
    try {
      addresses = await lookup(hostname);
    } catch (error) {
      throw new SafeFetchError(
        `cannot resolve ${hostname} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        'dns',
      );
    }
    if (addresses.length === 0) throw new SafeFetchError(`${hostname} has no address`, 'dns');
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad)
      throw new SafeFetchError(
        `${hostname} resolves to the non-public address ${bad.address}; refused`,
        'blocked_address',
      );
    return addresses;
  }

  const guardedLookup = ((
    hostname: string,
    opts: dns.LookupOptions,
    callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void,
  ) => {
    publicAddresses(hostname).then(
      (addresses) => {
        const wanted =
          opts.family === 4 || opts.family === 6 ? addresses.filter((a) => a.family === opts.family) : addresses;
        if (wanted.length === 0)
          callback(new SafeFetchError(`${hostname} has no IPv${opts.family} address`, 'dns'), '');
        else if (opts.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: Error) => callback(error, ''),
    );
  }) as unknown as LookupFunction;

  async function assertAllowed(url: URL): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new SafeFetchError(`only http and https URLs are fetched, not ${url.protocol}`, 'bad_url');
    if (url.username || url.password) throw new SafeFetchError('URLs with credentials are not fetched', 'bad_url');
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (!ports.has(port)) throw new SafeFetchError(`port ${port} is not allowed`, 'blocked_port');
    const host = url.hostname;
    if (isIpLiteral(host)) {
      if (!isPublicAddress(host))
        throw new SafeFetchError(`the non-public address ${host} is refused`, 'blocked_address');
      return;
    }
    await publicAddresses(host);
  }

  function hop(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<http.IncomingMessage> {
    const mod = url.protocol === 'https:' ? https : http;
    const agent = new mod.Agent({ keepAlive: false, lookup: guardedLookup });
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method, headers, agent, signal }, (res) => {
        res.once('close', () => agent.destroy());
        resolve(res);
      });
      req.on('error', (error) => {
        agent.destroy();
        reject(error);
      });
      if (verifyPeer)
        req.on('socket', (socket) => {
          socket.once('connect', () => {
            const remote = socket.remoteAddress;
            if (remote && !isPublicAddress(remote))
              req.destroy(
                new SafeFetchError(`connected to the non-public address ${remote}; refused`, 'blocked_address'),
              );
          });
        });
      req.end(body);
    });
  }

  return {
    async request(request) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          controller.abort();
        },
        Math.min(request.timeoutMs ?? totalMs, totalMs),
      );
      const onAbort = () => controller.abort();
      if (request.signal?.aborted) controller.abort();
      request.signal?.addEventListener('abort', onAbort);
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept: request.accept.join(', '),
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en, es;q=0.8',
        ...request.headers,
      };
      try {
        let url = parseUrl(request.url);
        let method = request.method ?? 'GET';
        let body = request.body;
        for (let redirects = 0; ; redirects++) {
          await assertAllowed(url);
          if (controller.signal.aborted) throw new SafeFetchError('aborted', 'aborted');
          const res = await hop(url, method, headers, body, controller.signal);
          const status = res.statusCode ?? 0;
          if (REDIRECTS.has(status) && res.headers.location) {
            res.resume();
            if (redirects >= maxRedirects)
              throw new SafeFetchError(`more than ${maxRedirects} redirects`, 'too_many_redirects');
            url = parseUrl(new URL(res.headers.location, url).toString());
            if (status === 303 || (method === 'POST' && status !== 307 && status !== 308)) {
              method = 'GET';
              body = undefined;
            }
            continue;
          }
          if (status < 200 || status >= 300) {
            res.resume();
            const retryAfter = parseRetryAfter(headerText(res.headers['retry-after']));
            throw new SafeFetchError(`HTTP ${status} from ${url.host}`, 'http_status', status, retryAfter);
          }
          const contentTypeHeader = headerText(res.headers['content-type']) ?? '';
          const contentType = contentTypeHeader.split(';')[0]!.trim().toLowerCase();
          if (!request.accept.includes(contentType)) {
            res.destroy();
            throw new SafeFetchError(
              `content type ${contentType || '(none)'} is not one of ${request.accept.join(', ')}`,
              'bad_content_type',
            );
          }
          const buffer = await readBody(res, maxBytes);
          return {
            url: url.toString(),
            status,
            contentType,
            headers: res.headers,
            body: decode(buffer, contentTypeHeader),
          };
        }
      } catch (error) {
        if (timedOut)
          throw new SafeFetchError(
            `no complete answer within ${Math.min(request.timeoutMs ?? totalMs, totalMs)} ms`,
            'timeout',
          );
        if (error instanceof SafeFetchError) throw error;
        if (controller.signal.aborted) throw new SafeFetchError('aborted', 'aborted');
        const code = (error as NodeJS.ErrnoException).code;
        throw new SafeFetchError(`network error${code ? ` (${code})` : ''}`, 'network');
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new SafeFetchError('not a valid URL', 'bad_url');
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads at most `maxBytes` after decompression (a small gzip can expand to gigabytes). */
async function readBody(res: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new SafeFetchError(`body of ${declared} bytes is over the ${maxBytes}-byte cap`, 'body_too_large');
  }
  const encoding = headerText(res.headers['content-encoding'])?.trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        res.destroy();
        stream.destroy();
        throw new SafeFetchError(`body is over the ${maxBytes}-byte cap`, 'body_too_large');
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof SafeFetchError) throw error;
    if (stream !== res && (error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new SafeFetchError('body does not decompress', 'malformed');
    throw error;
  }
  return Buffer.concat(chunks);
}

function decode(buffer: Buffer, contentType: string): string {
  const label = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(buffer);
  } catch {
    return new TextDecoder('utf-8').decode(buffer);
  }
}
