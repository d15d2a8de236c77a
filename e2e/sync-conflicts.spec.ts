import type { SyncConflictListResponse } from '../core/contract/sync-conflicts.js';
import type { AddPeerResponse, PeerSyncResponse } from '../core/contract/sync.js';
import type { UserDto } from '../core/contract/users.js';
import { expectAccessible } from './support/accessibility.js';
import { openApiSession } from './support/api-session.js';
import { expect, test } from './support/fixtures.js';
import { startOutpostServer } from './support/outpost-server.js';
import { ADMIN, createUsers, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

/** The facility admin who settles the conflict, on either device. */
const ADA = Object.freeze({ username: 'ada', password: 'ada-admin-pass', fullName: 'Ada Admin' });

// Issue 13's acceptance: choosing the losing value in the conflicts view makes it the value on both
// devices after a sync, and the conflict is gone on both. Two real servers, a real conflict.
test('choosing the losing value in the Sync conflicts view makes it the value on both devices, and the conflict is gone on both (keeping the current one too)', async ({ newBrowser, server }) => {
  test.setTimeout(120_000);
  // Device A: the facility, its admin, Lena and Tom.
  const { api: onA, facility } = await provisionDevice(server.url, 'Hillside School');
  await onA.send<UserDto>('POST', `/api/facilities/${facility.id}/users`, { ...ADA, role: 'admin' });
  await onA.send('PUT', '/api/device', { name: 'Hillside server' });
  const [lena, tom] = await createUsers(onA, facility.id, [
    { username: 'lena', fullName: 'Lena Kamau' },
    { username: 'tom', fullName: 'Tom Mwangi' },
  ]);

  // Device B imports the facility from A (pairing B with A, and a first full sync).
  const b = await startOutpostServer();
  const anonymousB = await openApiSession(b.url);
  const paired = await anonymousB.send<AddPeerResponse>('POST', '/api/sync/peers', { address: server.url, username: ADMIN.username, password: ADMIN.password, facilityId: facility.id });
  await anonymousB.dispose();
  expect(paired.imported?.status).toBe('completed');
  const onB = await openApiSession(b.url, { username: ADMIN.username, password: ADMIN.password });
  // B has a name of its own, which it tells A when it syncs (issue 16).
  await onB.send('PUT', '/api/device', { name: 'Room 2 laptop' });
  // B's browser is closed before B stops (the fixture closes A's with A).
  const browserB = await newBrowser();
  const conflictsPath = `/api/facilities/${facility.id}/sync-conflicts`;
  try {
    // Concurrent edits: Lena and Tom removed on B, renamed on A a moment later; then B syncs with A.
    await onB.send('POST', '/api/users/bulk-delete', { ids: [lena!.id, tom!.id] });
    // The rename must carry a later time than the removal (both servers read this machine's clock).
    const removedBy = Date.now();
    await expect.poll(() => Date.now()).toBeGreaterThan(removedBy);
    await onA.send<UserDto>('PATCH', `/api/users/${lena!.id}`, { fullName: 'Lena K.' });
    await onA.send<UserDto>('PATCH', `/api/users/${tom!.id}`, { fullName: 'Tom M.' });
    expect((await onB.send<PeerSyncResponse>('POST', `/api/sync/peers/${paired.peer.id}/sync`)).status).toBe('completed');
    for (const device of [onA, onB]) expect((await device.get<SyncConflictListResponse>(conflictsPath)).conflicts).toHaveLength(2);

    // On A, the admin finds the conflict from the facility's tabs, with both values in plain words.
    const page = await (await newBrowser()).newPage();
    await signInThroughUi(page, server.url, ADA.username, ADA.password);
    await page.goto(`${server.url}/facilities/${facility.id}/sync`);
    await page.getByRole('link', { name: 'Conflicts (2)' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sync conflicts' })).toBeVisible();
    await expect(page.getByTestId('conflict')).toHaveCount(2);
    // Found by the username in its heading, in either language's quotes.
    const conflict = page.getByTestId('conflict').filter({ has: page.getByRole('heading', { level: 2, name: /[“«]\s?lena\s?[”»]/ }) });
    await expect(conflict.getByRole('heading', { level: 2 })).toHaveText('User “lena”');
    // B synced with A as its client: A names it by the name B told it.
    await expect(conflict.getByRole('listitem').first()).toHaveText('Full name: “Lena K.” on this device (kept), “Lena Kamau” on Room 2 laptop');
    const kept = conflict.getByTestId('conflict-kept');
    await expect(kept).toContainText('Kept');
    await expect(kept).toContainText('Edited on this device');
    await expect(kept.getByRole('definition')).toHaveText('Lena K.');
    const lost = conflict.getByTestId('conflict-lost').filter({ hasText: 'Lena Kamau' });
    await expect(lost).toContainText('Not kept');
    await expect(lost).toContainText('Edited on Room 2 laptop');
    // Only the differing field is compared: both values agree she is removed.
    await expect(lost.getByRole('term')).toHaveText(['Full name']);
    await expectAccessible(page, 'sync conflicts');
    await page.screenshot({ path: 'e2e/artifacts/sync-conflicts.png', fullPage: true });

    // In French too, with the confirmation open.
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.getByRole('heading', { level: 1, name: 'Conflits de synchronisation' })).toBeVisible();
    await expect(conflict.getByRole('listitem').first()).toHaveText('Nom complet : « Lena K. » sur cet appareil (gardée), « Lena Kamau » sur Room 2 laptop');
    await expectAccessible(page, 'French sync conflicts');
    await lost.getByRole('button', { name: 'Utiliser cette valeur' }).click();
    await expect(page.getByRole('dialog', { name: 'Utiliser cette valeur pour l’utilisateur « lena » ?' })).toBeVisible();
    await expectAccessible(page, 'French sync conflict confirmation');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.getByLabel('Langue').selectOption('en');

    // The choice, with the keyboard alone: the dialog opens on Cancel, so Enter there changes nothing.
    const use = lost.getByRole('button', { name: 'Use this value' });
    await use.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Use this value for user “lena”?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog.getByRole('definition')).toHaveText('Lena Kamau');
    await expectAccessible(page, 'sync conflict confirmation');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Use this value' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('conflicts-status')).toHaveText('The value you chose now applies to user “lena”. Sync with the other devices to send it to them.');
    await expect(conflict).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: 'Sync conflicts' })).toBeFocused();
    await expect(page.getByTestId('conflicts-tab')).toHaveText('Conflicts (1)');
    expect((await onA.get<UserDto>(`/api/users/${lena!.id}`)).fullName).toBe('Lena Kamau');

    // Tom's rename stays: "Keep current value" dismisses the name that lost.
    const tomConflict = page.getByTestId('conflict').filter({ has: page.getByRole('heading', { level: 2, name: 'User “tom”' }) });
    await expect(tomConflict.getByTestId('conflict-lost').getByRole('definition')).toHaveText('Tom Mwangi');
    await tomConflict.getByRole('button', { name: 'Keep current value' }).click();
    const keepDialog = page.getByRole('dialog', { name: 'Keep the current value for user “tom”?' });
    await expect(keepDialog.getByRole('definition')).toHaveText('Tom M.');
    await keepDialog.getByRole('button', { name: 'Keep current value' }).click();
    await expect(keepDialog).toHaveCount(0);
    await expect(page.getByTestId('conflicts-status')).toHaveText('The current value is kept for user “tom”.');
    await expect(page.getByText('No sync conflicts')).toBeVisible();
    await expect(page.getByTestId('conflicts-tab')).toHaveText('Conflicts');
    await expectAccessible(page, 'sync conflicts (empty)');

    // On B, the conflict is still there until B syncs; "Sync now" there brings the choice over.
    const pageB = await browserB.newPage();
    await signInThroughUi(pageB, b.url, ADA.username, ADA.password);
    await pageB.goto(`${b.url}/facilities/${facility.id}/sync`);
    await expect(pageB.getByTestId('conflicts-tab')).toHaveText('Conflicts (2)');
    await pageB.getByRole('button', { name: 'Sync now with Hillside server' }).click();
    await expect(pageB.getByTestId('sync-status')).toContainText('Synced with Hillside server', { timeout: 30_000 });
    await expect(pageB.getByTestId('conflicts-tab')).toHaveText('Conflicts');
    await pageB.getByTestId('conflicts-tab').click();
    await expect(pageB.getByText('No sync conflicts')).toBeVisible();

    // Both devices: Lena's name is the chosen one, Tom's the kept one, both stay removed, and no
    // conflict is left.
    for (const [name, device] of [['A', onA], ['B', onB]] as const) {
      const user = await device.get<UserDto>(`/api/users/${lena!.id}`);
      expect(user.fullName, name).toBe('Lena Kamau');
      expect(user.dateDeleted, name).not.toBeNull();
      expect((await device.get<UserDto>(`/api/users/${tom!.id}`)).fullName, name).toBe('Tom M.');
      expect((await device.get<SyncConflictListResponse>(conflictsPath)).conflicts, name).toEqual([]);
    }
  } finally {
    await browserB.close();
    await onB.dispose();
    await onA.dispose();
    await b.stop();
  }
});
