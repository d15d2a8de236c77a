import { describe, expect, it } from 'vitest';
import { openSessionEvents, parseSessionEnded, type EventSourceLike } from './session-events.js';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, ((event: { data?: unknown }) => void)[]>();
  addEventListener(type: string, listener: (event: { data?: unknown }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

describe('session events', () => {
  it('parses the reason, and treats anything unexpected as unknown', () => {
    expect(parseSessionEnded('{"reason":"user-deleted"}')).toBe('user-deleted');
    expect(parseSessionEnded('{"reason":"facility-deleted"}')).toBe('facility-deleted');
    expect(parseSessionEnded('{"reason":"hacked"}')).toBe('unknown');
    expect(parseSessionEnded('not json')).toBe('unknown');
    expect(parseSessionEnded('null')).toBe('unknown');
    expect(parseSessionEnded(undefined)).toBe('unknown');
  });

  it('reports session-ended once and closes the source before the server does', () => {
    const source = new FakeEventSource();
    const ended: string[] = [];
    let lost = 0;
    const stream = openSessionEvents('/api/session/events', () => source, { onEnded: (reason) => ended.push(reason), onLost: () => lost++ });
    source.readyState = 1;
    expect(stream.isLive()).toBe(true);
    source.emit('session-ended', '{"reason":"user-deleted"}');
    source.emit('session-ended', '{"reason":"expired"}');
    source.emit('error');
    expect(ended).toEqual(['user-deleted']);
    expect(lost).toBe(0);
    expect(source.closed).toBe(true);
    expect(stream.isLive()).toBe(false);
  });

  it('lets the browser retry while reconnecting, and reports a stream closed for good', () => {
    const source = new FakeEventSource();
    let lost = 0;
    openSessionEvents('/x', () => source, { onEnded: () => {}, onLost: () => lost++ });
    source.readyState = 0;
    source.emit('error');
    expect(lost).toBe(0);
    source.readyState = 2;
    source.emit('error');
    expect(lost).toBe(1);
  });
});
