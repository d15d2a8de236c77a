import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { createEmitter } from '../../common/events.js';
import { silentLogger } from '../../common/logger.js';
import { createManualScheduler } from '../../common/scheduler.js';
import type { SessionsEnded } from '../../sessions/session-end-reason.js';
import { createSessionEventChannel } from './session-event-channel.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

function setup(heartbeatMs = 60_000) {
  const ended = createEmitter<SessionsEnded>();
  const scheduler = createManualScheduler(createManualClock());
  const channel = createSessionEventChannel({ onDidEndSessions: (listener) => ended.on(listener), heartbeatMs, scheduler, logger: silentLogger });
  return { ended, channel, scheduler };
}

describe('session event channel', () => {
  it('sends one session-ended event to every stream of an ended session, closes them, and leaves other sessions’ streams open', async () => {
    const { ended, channel } = setup();
    const a1 = channel.open('a');
    const a2 = channel.open('a');
    const b = channel.open('b');
    const texts = Promise.all([readAll(a1), readAll(a2)]);
    ended.fire({ sessionIds: ['a', 'x'], userIds: ['u'], reason: 'user-deleted' });
    for (const text of await texts) {
      expect(text).toBe('retry: 5000\n: connected\n\nevent: session-ended\ndata: {"reason":"user-deleted"}\n\n');
    }
    expect(channel.size).toBe(1);
    expect(b.readableEnded || b.destroyed).toBe(false);
    channel.close();
  });

  it('forgets a stream the client closed', async () => {
    const { channel } = setup();
    const stream = channel.open('a');
    channel.open('b');
    stream.destroy();
    await once(stream, 'close');
    expect(channel.size).toBe(1);
    channel.close();
  });

  it('sends a heartbeat comment every interval while a stream is open, and none once it ended', () => {
    const { ended, channel, scheduler } = setup(10);
    const stream = channel.open('a');
    stream.setEncoding('utf8');
    // Read synchronously from the stream's buffer: a PassThrough holds what was written until read.
    expect(stream.read()).toBe('retry: 5000\n: connected\n\n');
    scheduler.advance(9);
    expect(stream.read()).toBeNull();
    scheduler.advance(21);
    expect(stream.read()).toBe(': heartbeat\n\n'.repeat(3));
    ended.fire({ sessionIds: ['a'], userIds: ['u'], reason: 'expired' });
    expect(stream.read()).toBe('event: session-ended\ndata: {"reason":"expired"}\n\n');
    scheduler.advance(100);
    expect(stream.read()).toBeNull();
    expect(scheduler.pending()).toBe(0);
    channel.close();
  });

  it('close ends every stream without an event and stops listening', async () => {
    const { ended, channel } = setup();
    const stream = channel.open('a');
    const text = readAll(stream);
    expect(ended.size).toBe(1);
    channel.close();
    expect(await text).toBe('retry: 5000\n: connected\n\n');
    expect(channel.size).toBe(0);
    expect(ended.size).toBe(0);
  });
});
