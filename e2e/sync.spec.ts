import { apiRoutes } from '../core/contract/api-routes.js';
import type { FacilityDto } from '../core/contract/facilities.js';
import type { AddPeerResponse } from '../core/contract/sync.js';
import type { UserPageDto } from '../core/contract/users.js';
import { openApiSession } from './support/api-session.js';
import { expect, test } from './support/fixtures.js';
import { startOutpostServer } from './support/outpost-server.js';
import { ADMIN, createUsers, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('a second device imports the facility from the first, then “Sync now” brings over what changed there', async ({ newBrowser, server }) => {
  const { api: first, facility } = await provisionDevice(server.url, 'Riverside School');
  await createUsers(first, facility.id, [{ username: 'lina', fullName: 'Lina Learner' }]);

  const second = await startOutpostServer();
  try {
    // A new device is set up by pairing: no one is signed in on it yet, and the facility comes over.
    const anonymous = await openApiSession(second.url);
    const paired = await anonymous.send<AddPeerResponse>('POST', apiRoutes.peers, { address: server.url, username: ADMIN.username, password: ADMIN.password, facilityId: facility.id });
    await anonymous.dispose();
    expect(paired.imported?.status).toBe('completed');

    const page = await (await newBrowser()).newPage();
    await signInThroughUi(page, second.url, ADMIN.username, ADMIN.password);
    await page.goto(`${second.url}/facilities/${facility.id}/sync`);
    const peer = page.getByTestId('peer');
    await expect(peer).toHaveCount(1);
    await expect(peer).toContainText(server.url);
    await expect(peer.getByTestId('last-sync')).toContainText('Completed');

    await createUsers(first, facility.id, [{ username: 'moses', fullName: 'Moses New' }]);
    await page.getByRole('button', { name: `Sync now with ${server.url}` }).click();
    await expect(page.getByTestId('sync-status')).toContainText(`Synced with ${server.url}`, { timeout: 30_000 });
    await expect(page.getByTestId('sync-status')).toContainText('received');

    const onSecond = await openApiSession(second.url, { username: ADMIN.username, password: ADMIN.password });
    const users = await onSecond.get<UserPageDto>(`/api/facilities/${facility.id}/users?search=moses`);
    expect(users.items.map((user) => user.username)).toEqual(['moses']);
    const facilities = await onSecond.get<{ facilities: FacilityDto[] }>('/api/facilities');
    expect(facilities.facilities.map((each) => each.name)).toEqual(['Riverside School']);
    await onSecond.dispose();
  } finally {
    await second.stop();
    await first.dispose();
  }
});
