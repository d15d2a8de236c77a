/** One server-sent event as a client reads it: its name (`message` when unnamed) and its data lines joined. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** An event stream being read, for tests and benchmarks. */
export interface SseReader {
  /** Events received so far, in order (comments and retry hints are not events). */
  readonly events: readonly SseEvent[];
  /** Resolves when the stream ended (by the server, or after `stop`); rejects if reading failed otherwise. */
  readonly closed: Promise<void>;
  /** The next event not yet taken by `next` (received already or still to come); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** The first event (received already or still to come) that `predicate` accepts; rejects after `timeoutMs` or if the stream ends first. */
  waitFor(predicate: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Stops reading: cancels the body, which ends `closed`. */
  stop(): void;
}

/** Splits complete `\n\n`-terminated blocks off `buffer` into events; answers them and what is left. */
export function parseSseBlocks(buffer: string): { readonly events: SseEvent[]; readonly rest: string } {
  const events: SseEvent[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end !== -1; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    // Comments (`: heartbeat`) and retry hints carry no data: EventSource dispatches nothing for them.
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Reads the SSE body of `response` as it arrives. Waiting is on events themselves; the time limits
 * only turn a hang into a failure with a message.
 */
export function readSse(response: Response): SseReader {
  const events: SseEvent[] = [];
  const watchers = new Set<() => void>();
  let taken = 0;
  let ended = false;
  const body = response.body?.getReader();
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };
  const closed = (async () => {
    if (!body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await body.read();
        if (done) return;
        const parsed = parseSseBlocks(buffer + decoder.decode(value, { stream: true }));
        buffer = parsed.rest;
        if (parsed.events.length === 0) continue;
        events.push(...parsed.events);
        notify();
      }
    } catch (error) {
      // A client-side abort of the fetch ends the stream as far as the reader is concerned.
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      ended = true;
      notify();
    }
  })();
  // `closed` may reject without anyone awaiting it (a test that only reads events).
  closed.catch(() => {});

  const waitUntil = <T>(found: () => T | undefined, what: string, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value !== undefined) finish(() => resolve(value));
        else if (ended) finish(() => reject(new Error(`no event: the stream ended first (${what})`)));
      };
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        watchers.delete(check);
        settle();
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no event within ${timeoutMs} ms (${what})`))), timeoutMs);
      watchers.add(check);
      check();
    });

  return {
    events,
    closed,
    next(timeoutMs = 1_000) {
      return waitUntil(() => (events.length > taken ? events[taken++] : undefined), 'a next event', timeoutMs);
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return waitUntil(() => events.find(predicate), 'the event waited for', timeoutMs);
    },
    stop() {
      void body?.cancel().catch(() => {});
    },
  };
}
