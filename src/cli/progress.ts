/**
 * Progress on stderr for long work: an updating line on a terminal, a plain line every
 * few seconds otherwise (CI logs), nothing with --json unless stderr is a terminal.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

export function createProgress(
  stream: NodeJS.WritableStream,
  label: string,
  options: { total?: number; intervalMs?: number; enabled?: boolean } = {},
): Progress {
  const isTty = Boolean((stream as NodeJS.WriteStream).isTTY);
  const enabled = options.enabled ?? true;
  const interval = options.intervalMs ?? (isTty ? 100 : 5000);
  const started = Date.now();
  let last = 0;
  let lastDone = 0;

  const render = (done: number, detail?: string) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    const total = options.total ? `/${options.total}` : '';
    return `${label}: ${done}${total} (${rate}/s, ${secs.toFixed(1)}s)${detail ? ' ' + detail : ''}`;
  };

  return {
    update(done, detail) {
      lastDone = done;
      if (!enabled) return;
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      stream.write(isTty ? `\r\x1b[2K${render(done, detail)}` : `${render(done, detail)}\n`);
    },
    finish(detail) {
      if (!enabled) return;
      stream.write(isTty ? `\r\x1b[2K${render(lastDone, detail)}\n` : `${render(lastDone, detail)}\n`);
    },
  };
}
