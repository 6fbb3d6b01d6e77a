import type { CliIo } from './context';

/**
 * Reads a secret without it ever being an argument (argv is visible to every user of the
 * machine in `ps` and lands in shell history): the first line of stdin when asked
 * (`printf '%s\n' "$PW" | leadloop admin create --email … --password-stdin`), else from a
 * terminal with echo off; undefined when there is no terminal to ask.
 */
export async function readSecret(
  io: CliIo,
  prompt: string,
  options: { fromStdin: boolean },
): Promise<string | undefined> {
  const stdin = (io.stdin ?? process.stdin) as NodeJS.ReadStream;
  if (!options.fromStdin)
    return stdin.isTTY && typeof stdin.setRawMode === 'function'
      ? readFromTerminal(stdin, io.stderr, prompt)
      : undefined;
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 4096) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function readFromTerminal(stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream, prompt: string): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
