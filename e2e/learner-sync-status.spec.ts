import type { ImportUserResponse } from '../core/contract/sync.js';
import { openApiSession } from './support/api-session.js';
import { expect, test } from './support/fixtures.js';
import { startOutpostServer } from './support/outpost-server.js';
import { createUsers, LEARNER_PASSWORD, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

// Issue 16: a learner on a learn-only tablet sees how her device syncs in her own header, and when
// the facility was deleted on the server she is told in plain words and keeps working offline.
test('the learner on a learn-only tablet sees her last sync, and a plain notice when the facility is gone on the server', async ({ newBrowser, server }) => {
  test.setTimeout(120_000);
  const { api: onA, facility } = await provisionDevice(server.url, 'Hillside School');
  await onA.send('PUT', '/api/device', { name: 'Riverside server' });
  await createUsers(onA, facility.id, [{ username: 'lina', fullName: 'Lina Otieno' }]);
  // A second facility with its own super admin, who may delete Hillside School.
  const office = await onA.send<{ id: string }>('POST', '/api/facilities', { name: 'Office' });
  const [boss] = await createUsers(onA, office.id, [{ username: 'boss', fullName: 'Boss', role: 'admin' }]);
  await onA.send('PATCH', `/api/users/${boss!.id}`, { isSuperuser: true });

  const tablet = await startOutpostServer();
  const browser = await newBrowser();
  try {
    const anonymous = await openApiSession(tablet.url);
    const imported = await anonymous.send<ImportUserResponse>('POST', '/api/sync/import-user', { address: server.url, username: 'lina', password: LEARNER_PASSWORD, facilityId: facility.id });
    await anonymous.dispose();
    expect(imported.imported.status).toBe('completed');

    const page = await browser.newPage();
    await signInThroughUi(page, tablet.url, 'lina', LEARNER_PASSWORD);
    const status = page.getByTestId('my-sync-status');
    await expect(status).toContainText(/Last synced with Riverside server at /);

    // The facility is deleted on A; her next sync stops with a plain notice, and she keeps working.
    const onABoss = await openApiSession(server.url, { username: 'boss', password: LEARNER_PASSWORD });
    await onABoss.send('DELETE', `/api/facilities/${facility.id}`);
    await onABoss.dispose();
    await status.getByRole('button', { name: 'Sync now' }).click();
    await expect(status).toContainText('Hillside School no longer exists on Riverside server. This device keeps its data.');
    await expect(page.getByTestId('signed-in-user')).toContainText('Lina Otieno');
  } finally {
    await browser.close();
    await tablet.stop();
  }
});
