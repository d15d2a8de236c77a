import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { apiRoutes } from '../../contract/api-routes.js';
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

  it('B discovers A, pairs from the discovered entry and syncs; C (learn-only) discovers A and imports from it; A leaves B’s list within the TTL', async () => {
    lan = createNetnsLan(3);
    const [nsA, nsB, nsC] = [lan.device(0), lan.device(1), lan.device(2)];
    const a = await startNetnsServer(nsA, home(), ['--host', '0.0.0.0', '--discovery-ttl', '3']);
    servers.push(a);
    expect(a.output()).toContain('LAN discovery on eth0.');
    expect(nsA.request(`${a.localUrl}${apiRoutes.setup}`, 'POST', { facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw12', fullName: 'Root' } }).status).toBe(201);
    const facilityId = (nsA.request(`${a.localUrl}${apiRoutes.facilities}`, 'GET', undefined, 'root:rootpw12').body as { facilities: { id: string }[] }).facilities[0]!.id;
    const learner = nsA.request(`${a.localUrl}/api/facilities/${facilityId}/users`, 'POST', { username: 'lina', password: 'linapw12', fullName: 'Lina', role: 'learner' }, 'root:rootpw12');
    expect(learner.status).toBe(201);
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
  });

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
