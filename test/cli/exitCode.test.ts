import { createCliContext } from '../../src/cli/context';
import { runInContext } from '../../src/cli/main';
import { PassThrough } from 'node:stream';

// A command's exit code belongs to that run: the CLI runs in-process in tests and the demo.
describe('exit codes', () => {
  const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: { LOG_FORMAT: 'json' } });
  it('a run that asks for 1 returns 1, and the next run returns 0', async () => {
    expect(
      await runInContext(io(), [], async (ctx) => {
        ctx.exitCode = 1;
      }),
    ).toBe(1);
    expect(await runInContext(io(), [], async () => undefined)).toBe(0);
    expect(process.exitCode ?? 0).toBe(0);
  });
  it('a fresh context asks for nothing', () => {
    expect(createCliContext(io()).exitCode).toBeUndefined();
  });
});
