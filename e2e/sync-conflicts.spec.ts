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
test('choosing the losing value in the Sync conflicts view makes it the value on both devices, and the conflict is gone on both', async ({ newBrowser, server }) => {
  test.setTimeout(120_000);
  // Device A: the facility, its admin and Lena.
  const { api: onA, facility } = await provisionDevice(server.url, 'Hillside School');
  await onA.send<UserDto>('POST', `/api/facilities/${facility.id}/users`, { ...ADA, role: 'admin' });
  const [lena] = await createUsers(onA, facility.id, [{ username: 'lena', fullName: 'Lena Kamau' }]);

  // Device B imports the facility from A (pairing B with A, and a first full sync).
  const b = await startOutpostServer();
  const anonymousB = await openApiSession(b.url);
  const paired = await anonymousB.send<AddPeerResponse>('POST', '/api/sync/peers', { address: server.url, username: ADMIN.username, password: ADMIN.password, facilityId: facility.id });
  await anonymousB.dispose();
  expect(paired.imported?.status).toBe('completed');
  const onB = await openApiSession(b.url, { username: ADMIN.username, password: ADMIN.password });
  // B's browser is closed before B stops (the fixture closes A's with A).
  const browserB = await newBrowser();
  const conflictsPath = `/api/facilities/${facility.id}/sync-conflicts`;
  try {
    // Concurrent edits: Lena removed on B, renamed on A a moment later; then B syncs with A.
    await onB.send('DELETE', `/api/users/${lena!.id}`);
    await onA.send<UserDto>('PATCH', `/api/users/${lena!.id}`, { fullName: 'Lena K.' });
    expect((await onB.send<PeerSyncResponse>('POST', `/api/sync/peers/${paired.peer.id}/sync`)).status).toBe('completed');
    for (const device of [onA, onB]) expect((await device.get<SyncConflictListResponse>(conflictsPath)).conflicts).toHaveLength(1);

    // On A, the admin finds the conflict from the facility's tabs, with both values in plain words.
    const page = await (await newBrowser()).newPage();
    await signInThroughUi(page, server.url, ADA.username, ADA.password);
    await page.goto(`${server.url}/facilities/${facility.id}/sync`);
    await page.getByRole('link', { name: 'Conflicts (1)' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sync conflicts' })).toBeVisible();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict.getByRole('heading', { level: 2 })).toHaveText('User “lena”');
    // B is not a peer of A (B paired with A, not the reverse): A names it by its short id.
    await expect(conflict.getByRole('listitem').first()).toHaveText(/^Full name: “Lena K\.” on this device \(kept\), “Lena Kamau” on another device \([0-9a-f]{8}\)$/);
    const kept = conflict.getByTestId('conflict-kept');
    await expect(kept).toContainText('Kept');
    await expect(kept).toContainText('Edited on this device');
    await expect(kept.getByRole('definition')).toHaveText('Lena K.');
    const lost = conflict.getByTestId('conflict-lost').filter({ hasText: 'Lena Kamau' });
    await expect(lost).toContainText('Not kept');
    await expect(lost).toContainText(/Edited on another device \([0-9a-f]{8}\)/);
    // Only the differing field is compared: both values agree she is removed.
    await expect(lost.getByRole('term')).toHaveText(['Full name']);
    await expectAccessible(page, 'sync conflicts');
    await page.screenshot({ path: 'e2e/artifacts/sync-conflicts.png', fullPage: true });

    // In French too, with the confirmation open.
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.getByRole('heading', { level: 1, name: 'Conflits de synchronisation' })).toBeVisible();
    await expect(conflict.getByRole('listitem').first()).toHaveText(/^Nom complet : « Lena K\. » sur cet appareil \(gardée\), « Lena Kamau » sur un autre appareil \([0-9a-f]{8}\)$/);
    await expectAccessible(page, 'French sync conflicts');
    await lost.getByRole('button', { name: 'Utiliser cette valeur' }).click();
    await expect(page.getByRole('dialog', { name: 'Utiliser cette valeur pour Utilisateur « lena » ?' })).toBeVisible();
    await expectAccessible(page, 'French sync conflict confirmation');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.getByLabel('Langue').selectOption('en');

    // The choice, with the keyboard alone: the dialog opens on Cancel, so Enter there changes nothing.
    const use = lost.getByRole('button', { name: 'Use this value' });
    await use.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Use this value for User “lena”?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog.getByRole('definition')).toHaveText('Lena Kamau');
    await expectAccessible(page, 'sync conflict confirmation');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Use this value' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('conflicts-status')).toHaveText('User “lena” now has the value you chose. Sync with the other devices to send it to them.');
    await expect(page.getByText('No sync conflicts')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Sync conflicts' })).toBeFocused();
    await expect(page.getByTestId('conflicts-tab')).toHaveText('Conflicts');
    await expectAccessible(page, 'sync conflicts (empty)');
    expect((await onA.get<UserDto>(`/api/users/${lena!.id}`)).fullName).toBe('Lena Kamau');

    // On B, the conflict is still there until B syncs; "Sync now" there brings the choice over.
    const pageB = await browserB.newPage();
    await signInThroughUi(pageB, b.url, ADA.username, ADA.password);
    await pageB.goto(`${b.url}/facilities/${facility.id}/sync`);
    await expect(pageB.getByTestId('conflicts-tab')).toHaveText('Conflicts (1)');
    await pageB.getByRole('button', { name: `Sync now with ${server.url}` }).click();
    await expect(pageB.getByTestId('sync-status')).toContainText(`Synced with ${server.url}`, { timeout: 30_000 });
    await expect(pageB.getByTestId('conflicts-tab')).toHaveText('Conflicts');
    await pageB.getByTestId('conflicts-tab').click();
    await expect(pageB.getByText('No sync conflicts')).toBeVisible();

    // Both devices: her name is the chosen one, she stays removed, and no conflict is left.
    for (const [name, device] of [['A', onA], ['B', onB]] as const) {
      const user = await device.get<UserDto>(`/api/users/${lena!.id}`);
      expect(user.fullName, name).toBe('Lena Kamau');
      expect(user.dateDeleted, name).not.toBeNull();
      expect((await device.get<SyncConflictListResponse>(conflictsPath)).conflicts, name).toEqual([]);
    }
  } finally {
    await browserB.close();
    await onB.dispose();
    await onA.dispose();
    await b.stop();
  }
});
