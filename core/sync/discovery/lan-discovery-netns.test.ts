import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import type { LearnerQuizDto } from '../../contract/quizzes.js';
import type { NearbyDevicesResponse } from '../../contract/sync.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createNetnsLan, startNetnsServer, type NetnsLan, type NetnsServer } from '../test-support/netns-lan.js';

/**
 * LAN discovery between real server processes, each in a network namespace of its own joined by a
 * bridge in another: all the traffic stays inside namespaces this test creates (10.77.0.0/24), and
 * the machine's own network is never touched. Needs root (`ip netns`) and `npm run build:core`.
 */
describe('LAN discovery across network namespaces', () => {
  let lan: NetnsLan | undefined;
  const servers: NetnsServer[] = [];
  const homes: TempHome[] = [];
  beforeAll(() => {
    // The built server is what runs inside the namespaces.
    execFileSync('test', ['-f', 'dist/core/cli/serve.js']);
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
    lan?.dispose();
    lan = undefined;
    for (const home of homes.splice(0)) home.remove();
  });
  const home = () => {
    const created = createTempHome('outpost-netns-');
    homes.push(created);
    return created.path;
  };

  it('B discovers A, pairs from the discovered entry and syncs; C (learn-only) discovers A and imports from it; A leaves B’s list within the TTL; C syncs by itself when A is back', async () => {
    lan = createNetnsLan(3);
    const [nsA, nsB, nsC] = [lan.device(0), lan.device(1), lan.device(2)];
    const homeA = home();
    const a = await startNetnsServer(nsA, homeA, ['--host', '0.0.0.0', '--discovery-ttl', '3']);
    servers.push(a);
    expect(a.output()).toContain('LAN discovery on eth0.');
    expect(nsA.request(`${a.localUrl}${apiRoutes.setup}`, 'POST', { facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw12', fullName: 'Root' } }).status).toBe(201);
    const facilityId = (nsA.request(`${a.localUrl}${apiRoutes.facilities}`, 'GET', undefined, 'root:rootpw12').body as { facilities: { id: string }[] }).facilities[0]!.id;
    const learner = nsA.request(`${a.localUrl}/api/facilities/${facilityId}/users`, 'POST', { username: 'lina', password: 'linapw12', fullName: 'Lina', role: 'learner' }, 'root:rootpw12');
    expect(learner.status).toBe(201);
    // Lina's class has a quiz: what she answers on her tablet is her progress.
    const room = nsA.request(`${a.localUrl}${apiPath(apiRoutes.facilityClasses, facilityId)}`, 'POST', { name: 'Class 4' }, 'root:rootpw12');
    expect(room.status).toBe(201);
    expect(nsA.request(`${a.localUrl}${apiPath(apiRoutes.classLearners, room.body.id)}`, 'PUT', { userIds: [learner.body.id] }, 'root:rootpw12').status).toBe(200);
    const quiz = nsA.request(`${a.localUrl}${apiPath(apiRoutes.classQuizzes, room.body.id)}`, 'POST', { title: 'Sums', questions: [{ id: 'q1', kind: 'number', prompt: '2 + 2', correctNumber: 4 }] }, 'root:rootpw12');
    expect(quiz.status).toBe(201);
    expect(nsA.request(`${a.localUrl}${apiPath(apiRoutes.quizAssign, quiz.body.id)}`, 'POST', undefined, 'root:rootpw12').status).toBe(200);
    // The Connect learners page's addresses: eth0's and the short .local name.
    const connect = nsA.request(`${a.localUrl}${apiRoutes.deviceAddresses}`, 'GET', undefined, 'root:rootpw12');
    expect(connect.body).toMatchObject({ urls: [{ interface: 'eth0', url: 'http://10.77.0.1:8080/' }], reachableOnLan: true, localUrl: expect.stringMatching(/^http:\/\/outpost-[0-9a-f]{8}\.local:8080\/$/) });
    const b = await startNetnsServer(nsB, home(), ['--host', '0.0.0.0', '--discovery-ttl', '3']);
    servers.push(b);

    // B, not set up yet, lists A for its setup page: name, address and facilities.
    const nearbyOnB = () => nsB.request(`${b.localUrl}${apiRoutes.nearbyDevices}`).body as NearbyDevicesResponse;
    await vi.waitFor(() => expect(nearbyOnB().devices.map((device) => device.address)).toContain('http://10.77.0.1:8080'), { timeout: 15_000, interval: 200 });
    const found = nearbyOnB().devices.find((device) => device.address === 'http://10.77.0.1:8080')!;
    expect(found).toMatchObject({ learnOnly: false, facilityIds: [expect.any(String)] });

    // Pair from the discovered entry: B imports A's facility.
    const paired = nsB.request(`${b.localUrl}${apiRoutes.peers}`, 'POST', { address: found.address, username: 'root', password: 'rootpw12', facilityId: found.facilityIds[0] });
    expect(paired.status).toBe(201);
    expect(paired.body.imported).toMatchObject({ status: 'completed' });
    expect(paired.body.peer.name).toBe(found.name);

    // C, a fresh tablet, finds A too and imports a learner from the discovered entry.
    const c = await startNetnsServer(nsC, home(), ['--host', '0.0.0.0', '--discovery-ttl', '3']);
    servers.push(c);
    const nearbyOnC = () => nsC.request(`${c.localUrl}${apiRoutes.nearbyDevices}`).body as NearbyDevicesResponse;
    await vi.waitFor(() => expect(nearbyOnC().devices.map((device) => device.address)).toContain('http://10.77.0.1:8080'), { timeout: 15_000, interval: 200 });
    const fromC = nearbyOnC().devices.find((device) => device.address === 'http://10.77.0.1:8080')!;
    const imported = nsC.request(`${c.localUrl}${apiRoutes.peersImportUser}`, 'POST', { address: fromC.address, username: 'lina', password: 'linapw12', facilityId: fromC.facilityIds[0] });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ imported: { status: 'completed' }, peer: { name: fromC.name, userId: learner.body.id } });

    // A disappears without a goodbye (killed): B drops it once its TTL ran out.
    const killedAt = Date.now();
    await a.kill();
    servers.splice(servers.indexOf(a), 1);
    // B is set up now: the list needs its admin.
    expect(nsB.request(`${b.localUrl}${apiRoutes.nearbyDevices}`).status).toBe(401);
    const nearbyOnBSignedIn = () => nsB.request(`${b.localUrl}${apiRoutes.nearbyDevices}`, 'GET', undefined, 'root:rootpw12').body as NearbyDevicesResponse;
    await vi.waitFor(() => expect(nearbyOnBSignedIn().devices.map((device) => device.address)).not.toContain('http://10.77.0.1:8080'), { timeout: 10_000, interval: 200 });
    expect(Date.now() - killedAt).toBeLessThan(3_000 + 2_500);
    // C, still running, stays on B's list, as a learn-only device.
    expect(nearbyOnBSignedIn().devices).toEqual([expect.objectContaining({ address: 'http://10.77.0.3:8080', learnOnly: true })]);

    // While A is away, Lina answers the quiz on her tablet.
    const answered = nsC.request(`${c.localUrl}${apiPath(apiRoutes.learnerQuizAnswers, quiz.body.id)}`, 'PUT', { questionId: 'q1', answer: 4 }, 'lina:linapw12');
    expect(answered.status).toBe(200);
    // A comes back on its address. Nobody asks C for anything from here on: C sees A announce
    // itself (its advert says it started anew) and syncs by itself, with no sign-in and no shell.
    const aBack = await startNetnsServer(nsA, homeA, ['--host', '0.0.0.0', '--discovery-ttl', '3']);
    servers.push(aBack);
    const linaOnA = () => nsA.request(`${aBack.localUrl}${apiPath(apiRoutes.learnerQuiz, quiz.body.id)}`, 'GET', undefined, 'lina:linapw12').body as LearnerQuizDto;
    await vi.waitFor(() => expect(linaOnA().answers).toEqual({ q1: 4 }), { timeout: 20_000, interval: 500 });
    // And B lists A again.
    await vi.waitFor(() => expect(nearbyOnBSignedIn().devices.map((device) => device.address)).toContain('http://10.77.0.1:8080'), { timeout: 15_000, interval: 200 });
    // Four real server starts on a shared machine.
  }, 120_000);

  it('advertises on an interface plugged in after start, with its IPv6 addresses on a server listening on ::, and leaves the list when it is unplugged', async () => {
    lan = createNetnsLan(2, { ipv6: true, unplugged: [0] });
    const [nsA, nsB] = [lan.device(0), lan.device(1)];
    const a = await startNetnsServer(nsA, home(), ['--host', '::', '--discovery-ttl', '3']);
    servers.push(a);
    expect(a.output()).toContain('LAN discovery on, waiting for a network interface.');
    const b = await startNetnsServer(nsB, home(), ['--host', '::', '--discovery-ttl', '3']);
    servers.push(b);
    const nearbyOnB = () => nsB.request(`${b.localUrl}${apiRoutes.nearbyDevices}`).body as NearbyDevicesResponse;
    expect(nearbyOnB().devices).toEqual([]);

    // The cable goes in: at A's next interface check it announces itself there, AAAA records included.
    nsA.plugIn();
    await vi.waitFor(() => expect(nearbyOnB().devices.map((device) => device.address)).toEqual(['http://10.77.0.1:8080']), { timeout: 25_000, interval: 250 });
    const found = nearbyOnB().devices[0]!;
    expect(found.ipv6Addresses).toContain('fd77::1');
    expect(found.ipv6Addresses.some((address) => address.startsWith('fe80:'))).toBe(true);
    // The advertised IPv6 address really serves.
    expect(nsB.request(`http://[fd77::1]:8080${apiRoutes.health}`).status).toBe(200);

    // The cable comes out: A closes that socket and B drops A within its TTL (no goodbye can leave a link that is gone).
    nsA.unplug();
    await vi.waitFor(() => expect(nearbyOnB().devices).toEqual([]), { timeout: 25_000, interval: 250 });
    // A keeps serving, and picks the interface up again when it is back.
    expect(nsA.request(`${a.localUrl}${apiRoutes.health}`).status).toBe(200);
    nsA.plugIn();
    await vi.waitFor(() => expect(nearbyOnB().devices.map((device) => device.address)).toEqual(['http://10.77.0.1:8080']), { timeout: 25_000, interval: 250 });
    // Interface checks come every 10 s on a real server: up to three of them, and server starts.
  }, 120_000);

  it('a server bound to loopback sends no packet on any other interface; the same server on 0.0.0.0 does', async () => {
    lan = createNetnsLan(1);
    const ns = lan.device(0);
    const before = ns.txPackets();
    const local = await startNetnsServer(ns, home(), ['--host', '127.0.0.1']);
    expect(local.output()).toContain('LAN discovery is off.');
    expect(ns.request(`${local.localUrl}${apiRoutes.health}`).status).toBe(200);
    // Closing is when a discovering server would say goodbye: it must not either.
    await local.stop();
    expect(ns.txPackets()).toBe(before);

    // The control: the counter does see multicast from a LAN-bound server.
    const lanBound = await startNetnsServer(ns, home(), ['--host', '0.0.0.0']);
    servers.push(lanBound);
    await vi.waitFor(() => expect(ns.txPackets()).toBeGreaterThan(before), { timeout: 10_000, interval: 100 });
  });
});
