import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../create-core.js';
import { createTempHome } from '../../test-support/temp-home.js';
import { startAuthTestServer, type AuthTestServer, type AuthTestServerOptions } from '../auth/test-support/auth-test-server.js';
import { createTestBrowser, type TestBrowser, type TestResponse } from '../auth/test-support/test-browser.js';

// A classroom: many learners sign in at once from one address (a shared computer, a NAT, or a
// reverse proxy), with the default throttle settings unless a test says otherwise.
describe('sign-in throttle with many learners behind one address', () => {
  let server: AuthTestServer;
  afterEach(() => server?.close());

  async function start(options: AuthTestServerOptions = {}) {
    server = await startAuthTestServer(options);
    return server;
  }
  async function addLearners(count: number): Promise<string[]> {
    const names = Array.from({ length: count }, (_, n) => `learner${n}`);
    for (const name of names) await server.addUser(name, `pw-${name}`);
    return names;
  }
  async function armed(headers: Record<string, string> = {}): Promise<TestBrowser> {
    const device = createTestBrowser(server.baseUrl);
    await device.request('GET', '/api/health', undefined, { headers });
    return device;
  }
  const signIn = (device: TestBrowser, username: string, password: string, headers: Record<string, string> = {}): Promise<TestResponse> =>
    device.request('POST', '/api/auth/signin', { username, password }, { headers });

  it('40 concurrent correct sign-ins from one address all succeed', async () => {
    await start();
    const names = await addLearners(40);
    const devices = await Promise.all(names.map(() => armed()));
    const answers = await Promise.all(names.map((name, n) => signIn(devices[n]!, name, `pw-${name}`)));
    expect(answers.map((answer) => answer.status)).toEqual(names.map(() => 200));
    expect(server.sessionRows()).toBe(40);
  });

  it('30 wrong passwords for one learner, sent alongside the class’s correct sign-ins, stop only that learner', async () => {
    await start();
    const names = await addLearners(40);
    const [target, ...others] = names;
    const guesser = await armed();
    const devices = await Promise.all(others.map(() => armed()));
    const [wrong, right] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, (_, n) => signIn(guesser, target!, `guess ${n}`))),
      Promise.all(others.map((name, n) => signIn(devices[n]!, name, `pw-${name}`))),
    ]);
    expect(right.map((answer) => answer.status)).toEqual(others.map(() => 200));
    // Only real failures count: at most the username's five, and each refusal says why.
    expect(wrong.filter((answer) => answer.status === 401)).toHaveLength(5);
    for (const answer of wrong.filter((each) => each.status === 429)) {
      expect(answer.body.code).toBe('RATE_LIMITED');
      expect(answer.body.message).toMatch(/^(Too many failed sign-ins for this username|Other sign-ins for this username are still being checked)\. Wait \d+ (seconds?|minutes)/);
    }
    // The rest of the class can still sign in afterwards, from the same address.
    const later = await armed();
    expect((await signIn(later, others[0]!, `pw-${others[0]}`)).status).toBe(200);
    expect((await signIn(await armed(), target!, `pw-${target}`)).body.message).toMatch(/^Too many failed sign-ins for this username\. Wait 5 minutes/);
  });

  it('says truthfully when an address, not a username, has failed too often', async () => {
    await start({ throttle: { maxFailuresPerAddress: 3 } });
    await addLearners(1);
    const device = await armed();
    for (let n = 0; n < 3; n += 1) expect((await signIn(device, `nobody${n}`, 'guess')).status).toBe(401);
    const refused = await signIn(device, 'learner0', 'pw-learner0');
    expect([refused.status, refused.body.message]).toEqual([429, "Too many failed sign-ins from this device's network address. Wait 5 minutes and try again."]);
  });

  describe('X-Forwarded-For', () => {
    // Three failures from "one classroom computer" behind the proxy, then another computer signs in.
    async function failThenSignInElsewhere(): Promise<{ other: TestResponse; otherDevice: TestBrowser }> {
      await addLearners(1);
      const first = { 'x-forwarded-for': '10.0.0.1' };
      const second = { 'x-forwarded-for': '10.0.0.2' };
      const device = await armed(first);
      for (let n = 0; n < 3; n += 1) expect((await signIn(device, `nobody${n}`, 'guess', first)).status).toBe(401);
      expect((await signIn(device, 'learner0', 'pw-learner0', first)).status).toBe(429);
      const otherDevice = await armed(second);
      return { other: await signIn(otherDevice, 'learner0', 'pw-learner0', second), otherDevice };
    }

    it('from a trusted proxy (127.0.0.1) tells clients apart: the throttle and the session see the forwarded address', async () => {
      await start({ throttle: { maxFailuresPerAddress: 3 }, trustedProxies: ['127.0.0.1'] });
      const { other, otherDevice } = await failThenSignInElsewhere();
      expect(other.status).toBe(200);
      const session = await otherDevice.request('GET', '/api/auth/session', undefined, { headers: { 'x-forwarded-for': '10.0.0.2' } });
      expect(session.body.session.address).toBe('10.0.0.2');
    });

    it('is ignored without a trusted proxy: every client is the socket’s address', async () => {
      await start({ throttle: { maxFailuresPerAddress: 3 } });
      const { other } = await failThenSignInElsewhere();
      expect(other.status).toBe(429);
    });

    it('is ignored from a proxy that is not the trusted one', async () => {
      await start({ throttle: { maxFailuresPerAddress: 3 }, trustedProxies: ['10.9.9.9', '192.168.0.0/16'] });
      const { other } = await failThenSignInElsewhere();
      expect(other.status).toBe(429);
    });
  });

  it('refuses a malformed trusted proxy at start with CONFIG_INVALID', async () => {
    const home = createTempHome('outpost-proxy-config-');
    try {
      await expect(createCore({ home: home.path, trustedProxies: ['not-an-address'] })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('not-an-address') });
      await expect(createCore({ home: home.path, trustedProxies: ['10.0.0.0/33'] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      home.remove();
    }
  });
});
