import { PassThrough } from 'node:stream';
import { createLogger } from '../../../src/log/createLogger';
import { describeError, redact, SecretRegistry } from '../../../src/log/redact';

const TOKEN = '00D5g000004XyZa!AQ8AQHnXk3Tz9pLmN0pQrStUvWxYz1234567890abcdef';

describe('redaction', () => {
  it.each([
    [{ password: 'hunter2-secret' }, 'hunter2-secret'],
    [{ headers: { Authorization: 'Bearer abcdefghijkl123' } }, 'abcdefghijkl123'],
    [{ nested: { client_secret: 'cs-0987654321' } }, 'cs-0987654321'],
    ['token sent: Bearer abcdefghijklmnop', 'abcdefghijklmnop'],
    [`session ${TOKEN}`, TOKEN],
    ['url https://x/?access_token=zzzzzzzzzz&a=1', 'zzzzzzzzzz'],
    ['{"refresh_token":"5Aep861abcdefg"}', '5Aep861abcdefg'],
    ['postgres://leadloop:s3cretpw@db:5432/x', 's3cretpw'],
    ['OAuth-Token: 1a2b3c4d-5e6f', '1a2b3c4d-5e6f'],
  ])('masks %j', (input, secret) => {
    expect(JSON.stringify(redact(input))).not.toContain(secret);
  });

  it('masks registered secret values anywhere', () => {
    const secrets = new SecretRegistry();
    secrets.add('plain-looking-value');
    expect(redact({ message: 'got plain-looking-value back' }, secrets)).toEqual({ message: 'got [redacted] back' });
  });

  it('keeps ordinary values, numbers and booleans', () => {
    expect(redact({ leads: 10, tokenCount: 3, hasToken: true, name: 'Acme' })).toEqual({
      leads: 10,
      tokenCount: 3,
      hasToken: true,
      name: 'Acme',
    });
  });

  it('strips HTTP client errors down to safe fields', () => {
    const error = Object.assign(new Error('Request failed with status code 401'), {
      config: { headers: { Authorization: `Bearer ${TOKEN}` } },
      response: { status: 401, data: { access_token: TOKEN } },
    });
    const described = describeError(error);
    expect(JSON.stringify(described)).not.toContain(TOKEN);
    expect(described).toMatchObject({ message: 'Request failed with status code 401', status: 401 });
  });

  it('never writes a secret through the winston logger', async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    const logger = createLogger({ level: 'debug', format: 'json', stream });
    logger.addSecret('runtime-refresh-token-xyz');
    logger.debug('refreshing with runtime-refresh-token-xyz', {
      password: 'p@ssw0rd!!',
      error: new Error(`bad ${TOKEN}`),
    });
    logger.info('done', { count: 5 });
    await new Promise((r) => setImmediate(r));
    expect(out).not.toContain('runtime-refresh-token-xyz');
    expect(out).not.toContain('p@ssw0rd!!');
    expect(out).not.toContain(TOKEN);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[1]).toMatchObject({ message: 'done', count: 5, level: 'info' });
  });
});
