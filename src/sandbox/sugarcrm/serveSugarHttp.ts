import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SugarApiRequest, SugarApiResponse } from './createSugarApi';
import { parsePhpQuery } from './parsePhpQuery';
import { SugarApiError, sugarErrors } from './sugarErrors';
import type { SugarFaultDecision } from './sugarFaults';

/** Sugar answers uploads above PHP's post_max_size with request_too_large; 32 MB is a common setting. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface SugarHttpOptions {
  port: number;
  host: string;
  latencyMs(): number;
  /** Called once per HTTP request before anything else; returns the fault to inject, if any. */
  onCall(method: string, path: string): SugarFaultDecision;
  execute(request: SugarApiRequest): SugarApiResponse;
}

export interface SugarHttpServer {
  url: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new SugarApiError(413, 'request_too_large', 'Request too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** JSON bodies as RestService decodes them (bad JSON is a bare 422); form bodies as PHP's $_POST. */
function parseBody(text: string, contentType: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  if (contentType.includes('application/x-www-form-urlencoded')) return parsePhpQuery(text);
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new SugarApiError(422, 'invalid_parameter', 'A parameter in your request was invalid.');
  }
}

/** GET params named `filter` may be JSON text (FilterApi's jsonParams). */
function parseQuery(search: string): Record<string, unknown> {
  const query = parsePhpQuery(search);
  const filter = query.filter;
  if (typeof filter === 'string' && (filter.startsWith('[') || filter.startsWith('{'))) {
    try {
      query.filter = JSON.parse(filter);
    } catch {
      throw new SugarApiError(422, 'invalid_parameter', 'A parameter in your request was invalid.');
    }
  }
  return query;
}

function send(response: ServerResponse, result: SugarApiResponse): void {
  const payload = JSON.stringify(result.body);
  response.writeHead(result.status, { ...result.headers, 'Content-Length': Buffer.byteLength(payload) });
  response.end(payload);
}

/** The HTTP face of the sandbox: /rest/<version>/… goes to the API, anything else is Sugar's no_method. */
export async function serveSugarHttp(options: SugarHttpOptions): Promise<SugarHttpServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      const apiError = error instanceof SugarApiError ? error : sugarErrors.fatal();
      if (!response.headersSent)
        send(response, {
          status: apiError.status,
          body: apiError.body(),
          headers: { 'Content-Type': 'application/json' },
        });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const method = (request.method ?? 'GET').toUpperCase();
    const decision = options.onCall(method, url.pathname);
    const latency = options.latencyMs();
    if (latency > 0) await sleep(latency);
    if (decision?.kind === 'drop') {
      request.socket.destroy();
      return;
    }
    if (decision?.kind === 'error') {
      await readBody(request);
      send(response, {
        status: decision.error.status,
        body: decision.error.body(),
        headers: { 'Content-Type': 'application/json', ...decision.error.headers },
      });
      return;
    }
    const text = await readBody(request);
    if (!url.pathname.startsWith('/rest/')) throw sugarErrors.noMethod(url.pathname);
    const token = request.headers['oauth-token'];
    send(
      response,
      options.execute({
        method,
        path: url.pathname.slice('/rest'.length),
        query: parseQuery(url.search.slice(1)),
        body: parseBody(text, String(request.headers['content-type'] ?? '')),
        accessToken: Array.isArray(token) ? token[0] : token,
      }),
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
