import type { FastifyInstance } from 'fastify';
import { createCoreWithHttpApp, type Core } from '../../../create-core.js';
import type { SessionSchema } from '../../../sessions/session-table.js';
import { createTempHome, type TempHome } from '../../../test-support/temp-home.js';
import { createTestBrowser, type TestBrowser, type TestEventStream } from '../../auth/test-support/test-browser.js';

/** A whole core on real SQLite files, listening on loopback, set up with a facility and its superuser. */
export interface FacilityApiServer {
  readonly core: Core;
  /** Its Fastify app, for tests that read the route table. */
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly facilityId: string;
  /** Signed in as the superuser `root` (also the facility's admin). */
  readonly root: TestBrowser;
  /** A new browser (cookie jar) on another device. */
  browser(): TestBrowser;
  /** Creates a user through the API as `as` (default: root) and answers their id. */
  createUser(input: { username: string; role?: 'learner' | 'coach' | 'admin'; fullName?: string; password?: string }, facilityId?: string, as?: TestBrowser): Promise<string>;
  /** A browser signed in as `username` (password `pw` unless given). */
  signedIn(username: string, password?: string, facilityId?: string): Promise<TestBrowser>;
  /** Opens the session event stream of a browser; closed by `close()`. */
  events(browser: TestBrowser): Promise<TestEventStream>;
  /** Session rows of these users in sessions.sqlite3. */
  sessionCount(userIds?: readonly string[]): number;
  close(): Promise<void>;
}

/** The superuser's password in every `FacilityApiServer`. */
export const ROOT_PASSWORD = 'root-password';

/** Starts a core (cheap scrypt cost), runs first-run setup over HTTP and signs the superuser in. */
export async function startFacilityApiServer(): Promise<FacilityApiServer> {
  const home: TempHome = createTempHome('outpost-facility-api-');
  // Sign-in failures in these tests must not trip the throttle.
  const { core, app } = await createCoreWithHttpApp({ home: home.path, passwordHashCost: 4, signInThrottle: { maxFailuresPerUsername: 1000, maxFailuresPerAddress: 1000 } });
  const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
  const streams: TestEventStream[] = [];
  const browser = () => createTestBrowser(baseUrl);

  const setup = browser();
  await setup.request('GET', '/api/setup');
  const created = await setup.request('POST', '/api/setup', {
    facilityName: 'Ridge School',
    superuser: { username: 'root', password: ROOT_PASSWORD, fullName: 'Rooted Admin' },
  });
  if (created.status !== 201) throw new Error(`setup failed: ${created.status} ${JSON.stringify(created.body)}`);
  const facilityId: string = created.body.facility.id;

  const signedIn = async (username: string, password = 'pw', inFacility?: string) => {
    const device = browser();
    const response = await device.signIn(username, password, inFacility ? { facilityId: inFacility } : {});
    if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return device;
  };
  const root = await signedIn('root', ROOT_PASSWORD);
  const sessionsDb = core.databases.get<SessionSchema>('sessions');

  return {
    core,
    app,
    baseUrl,
    facilityId,
    root,
    browser,
    async createUser(input, inFacility = facilityId, as = root) {
      const response = await as.request('POST', `/api/facilities/${inFacility}/users`, {
        username: input.username,
        password: input.password ?? 'pw',
        fullName: input.fullName ?? `Person ${input.username}`,
        role: input.role ?? 'learner',
      });
      if (response.status !== 201) throw new Error(`creating ${input.username} failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    },
    signedIn,
    async events(device) {
      const stream = await device.openEvents();
      if (stream.status !== 200) throw new Error(`event stream answered ${stream.status}`);
      streams.push(stream);
      return stream;
    },
    sessionCount(userIds) {
      let query = sessionsDb.kysely.selectFrom('session').select((eb) => eb.fn.countAll<number>().as('n'));
      if (userIds) query = query.where('user_id', 'in', userIds.length > 0 ? [...userIds] : ['']);
      return sessionsDb.first(query)?.n ?? 0;
    },
    async close() {
      for (const stream of streams.splice(0)) stream.abort();
      await core.close();
      home.remove();
    },
  };
}
