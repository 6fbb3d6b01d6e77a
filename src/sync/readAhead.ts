/**
 * Iterates `source` one item ahead: the next item (a page of events from the CRM) is being
 * read while the caller handles the current one (stores it). A read that fails is thrown
 * when its item is asked for; stopping early closes the source after the read in flight.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  next.catch(() => undefined); // surfaces when awaited below
  try {
    for (;;) {
      const step = await next;
      if (step.done) return;
      next = it.next();
      next.catch(() => undefined);
      yield step.value;
    }
  } finally {
    await next.catch(() => undefined);
    await it.return?.(undefined);
  }
}
