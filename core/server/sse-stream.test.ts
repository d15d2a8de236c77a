import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../common/clock.js';
import { createManualScheduler } from '../common/scheduler.js';
import { formatSseEvent, openSseStream } from './sse-stream.js';

describe('the server-sent events writer', () => {
  it('writes the reconnect hint, then one heartbeat comment per interval', () => {
    const scheduler = createManualScheduler(createManualClock());
    const stream = openSseStream({ scheduler, heartbeatMs: 25_000 });
    stream.setEncoding('utf8');
    expect(stream.read()).toBe('retry: 5000\n: connected\n\n');
    scheduler.advance(24_999);
    expect(stream.read()).toBeNull();
    scheduler.advance(50_001);
    expect(stream.read()).toBe(': heartbeat\n\n: heartbeat\n\n: heartbeat\n\n');
    stream.destroy();
  });

  it('stops the heartbeat when the client goes away', async () => {
    const scheduler = createManualScheduler(createManualClock());
    const stream = openSseStream({ scheduler, heartbeatMs: 10 });
    stream.destroy();
    await once(stream, 'close');
    expect(scheduler.pending()).toBe(0);
  });

  it('formats an event as its name and JSON data', () => {
    expect(formatSseEvent('sync-progress', { a: 1, b: 'x' })).toBe('event: sync-progress\ndata: {"a":1,"b":"x"}\n\n');
  });
});
