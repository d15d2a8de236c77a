import { afterEach, describe, expect, it } from 'vitest';
import { startAuthTestServer, type AuthTestServer, type AuthTestServerOptions } from '../auth/test-support/auth-test-server.js';
import { createTestBrowser, type TestBrowser, type TestEventStream } from '../auth/test-support/test-browser.js';

const MINUTE = 60_000;

describe('GET /api/session/events', () => {
  let server: AuthTestServer;
  const streams: TestEventStream[] = [];
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.abort();
    await server?.close();
  });

  async function start(options?: AuthTestServerOptions) {
    server = await startAuthTestServer(options);
    return server;
  }

  async function signedIn(username: string): Promise<TestBrowser> {
    const device = createTestBrowser(server.baseUrl);
    expect((await device.signIn(username, 'pw')).status).toBe(200);
    return device;
  }

  async function open(device: TestBrowser): Promise<TestEventStream> {
    const stream = await device.openEvents();
    streams.push(stream);
    return stream;
  }

  async function expectEnded(stream: TestEventStream, reason: string): Promise<void> {
    expect(await stream.nextEvent(1_000)).toEqual({ event: 'session-ended', data: JSON.stringify({ reason }) });
    await stream.closed;
    expect(stream.events).toHaveLength(1);
  }

  /**
   * Proves that the device's stream got no event so far, without waiting on time: the device signs
   * out now, and a stream delivers in order, so `signed-out` must be its first and only event.
   */
  async function expectNoEventUntilSignOut(device: TestBrowser, stream: TestEventStream): Promise<void> {
    expect((await device.request('POST', '/api/auth/signout')).status).toBe(204);
    await expectEnded(stream, 'signed-out');
  }

  it('is an event stream that stays open while the session lives', async () => {
    await start();
    await server.addUser('amina', 'pw');
    const device = await signedIn('amina');
    const stream = await open(device);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-store, no-transform');
    await expectNoEventUntilSignOut(device, stream);
  });

  it('invalidateUsers: both devices of the user get session-ended within 1 s, both cookies answer 401, another user is untouched', async () => {
    await start();
    const learner = await server.addUser('amina', 'pw');
    await server.addUser('baraka', 'pw');
    const laptop = await signedIn('amina');
    const tablet = await signedIn('amina');
    const bystander = await signedIn('baraka');
    const laptopEvents = await open(laptop);
    const tabletEvents = await open(tablet);
    const bystanderEvents = await open(bystander);

    const started = performance.now();
    server.core.sessions.invalidateUsers([learner.id], 'user-deleted');
    await Promise.all([expectEnded(laptopEvents, 'user-deleted'), expectEnded(tabletEvents, 'user-deleted')]);
    expect(performance.now() - started).toBeLessThan(1_000);

    expect((await laptop.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await tablet.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await bystander.request('GET', '/api/auth/session')).status).toBe(200);
    await expectNoEventUntilSignOut(bystander, bystanderEvents);
  });

  it('reports facility deletion with its own reason', async () => {
    await start();
    const learner = await server.addUser('amina', 'pw');
    const events = await open(await signedIn('amina'));
    server.core.sessions.invalidateUsers([learner.id], 'facility-deleted');
    await expectEnded(events, 'facility-deleted');
  });

  it('sign-out ends the stream with signed-out', async () => {
    await start();
    await server.addUser('amina', 'pw');
    const device = await signedIn('amina');
    const events = await open(device);
    expect((await device.request('POST', '/api/auth/signout')).status).toBe(204);
    await expectEnded(events, 'signed-out');
  });

  it('sign out everywhere else ends the other devices’ streams with signed-out-elsewhere and keeps this one', async () => {
    await start();
    await server.addUser('amina', 'pw');
    const laptop = await signedIn('amina');
    const phone = await signedIn('amina');
    const laptopEvents = await open(laptop);
    const phoneEvents = await open(phone);
    expect((await laptop.request('DELETE', '/api/auth/sessions/others')).body).toEqual({ signedOut: 1 });
    await expectEnded(phoneEvents, 'signed-out-elsewhere');
    await expectNoEventUntilSignOut(laptop, laptopEvents);
  });

  it('an expired session’s stream gets expired from the purge, and its cookie answers 401', async () => {
    await start({ purgeIntervalMs: 100 });
    await server.addUser('amina', 'pw');
    const device = await signedIn('amina');
    const events = await open(device);
    server.clock.advance(20 * MINUTE);
    await expectEnded(events, 'expired');
    expect(server.sessionRows()).toBe(0);
    expect((await device.request('GET', '/api/auth/session')).status).toBe(401);
  });

  it('ends open streams when the server closes, so closing does not hang', async () => {
    await start();
    await server.addUser('amina', 'pw');
    const device = await signedIn('amina');
    const events = await open(device);
    await server.core.http.close();
    await events.closed;
    expect(events.events).toEqual([]);
  });
});
