import type { ClassDto } from '../core/contract/classes.js';
import { expectAccessible } from './support/accessibility.js';
import { expect, test } from './support/fixtures.js';
import { ADMIN, LEARNER_PASSWORD, createUsers, learners, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('every screen passes axe, in English and in French', async ({ newBrowser, server }) => {
  test.setTimeout(120_000);
  const context = await newBrowser();
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await expect(page.getByRole('heading', { name: 'Set up Outpost' })).toBeVisible();
  await page.getByRole('button', { name: 'Set up and sign in' }).click();
  await expect(page.getByText('Enter a name for the facility.')).toBeVisible();
  // Invalid fields are announced and the first one gets the focus.
  await expect(page.getByLabel('Facility name')).toBeFocused();
  await expect(page.getByLabel('Facility name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'setup with errors');

  const { api, facility } = await provisionDevice(server.url);
  await createUsers(api, facility.id, learners('pupil', 3));
  const klass = await api.send<ClassDto>('POST', `/api/facilities/${facility.id}/classes`, { name: 'Class 1' });

  for (const language of ['English', 'Français'] as const) {
    await page.goto(`${server.url}/signin`);
    await page.getByLabel(language === 'English' ? /Language|Langue/ : /Language|Langue/).selectOption({ label: language });
    await expect(page.locator('html')).toHaveAttribute('lang', language === 'English' ? 'en' : 'fr');
    await page.getByRole('button', { name: language === 'English' ? 'Sign in' : 'Se connecter' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectAccessible(page, `${language} sign-in with an error`);

    await page.getByLabel(language === 'English' ? 'Username' : 'Nom d’utilisateur').fill(ADMIN.username);
    await page.getByLabel(language === 'English' ? 'Password' : 'Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: language === 'English' ? 'Sign in' : 'Se connecter' }).click();
    await expect(page.getByTestId('signed-in-user')).toBeVisible();
    await expectAccessible(page, `${language} facilities`);

    await page.goto(`${server.url}/facilities/${facility.id}/users`);
    await expect(page.getByTestId('user-row').first()).toBeVisible();
    await page.getByTestId('user-row').nth(1).getByRole('checkbox').check();
    await expectAccessible(page, `${language} users`);
    await page.getByRole('button', { name: language === 'English' ? 'New user' : 'Nouvel utilisateur' }).click();
    await page.getByRole('dialog').getByRole('button', { name: language === 'English' ? 'Create user' : 'Créer l’utilisateur' }).click();
    await expect(page.getByRole('dialog').locator('[aria-invalid="true"]').first()).toBeFocused();
    await expectAccessible(page, `${language} new user dialog with errors`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page
      .getByRole('region', { name: language === 'English' ? 'Selected users' : 'Utilisateurs sélectionnés' })
      .getByRole('button', { name: language === 'English' ? 'Remove…' : 'Retirer…' })
      .click();
    await expect(page.getByRole('dialog').getByRole('radio').first()).toBeChecked();
    await expectAccessible(page, `${language} remove dialog`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: language === 'English' ? 'Import CSV' : 'Importer un CSV' }).click();
    await expectAccessible(page, `${language} import dialog`);
    await page.keyboard.press('Escape');

    await page.goto(`${server.url}/facilities/${facility.id}/users/removed`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, `${language} removed users (empty)`);

    await page.goto(`${server.url}/facilities/${facility.id}/classes/${klass.id}`);
    await expect(page.getByRole('heading', { name: 'Class 1' })).toBeVisible();
    await page.getByRole('button', { name: language === 'English' ? 'Assign learners' : 'Affecter des apprenants' }).click();
    await expect(page.getByRole('dialog').getByRole('checkbox').first()).toBeVisible();
    await expectAccessible(page, `${language} assign learners`);
    await page.keyboard.press('Escape');

    // With a conflict, in both languages, in e2e/sync-conflicts.spec.ts (it takes two devices).
    await page.goto(`${server.url}/facilities/${facility.id}/conflicts`);
    await expect(page.getByText(language === 'English' ? 'No sync conflicts' : 'Aucun conflit de synchronisation')).toBeVisible();
    await expectAccessible(page, `${language} sync conflicts (empty)`);

    await page.goto(`${server.url}/devices`);
    await expect(page.getByTestId('device').first()).toBeVisible();
    await expectAccessible(page, `${language} devices`);
    await page.getByRole('button', { name: language === 'English' ? 'Sign out' : 'Se déconnecter', exact: true }).click();
    await expect(page.getByTestId('sign-in-notice')).toBeVisible();
    await expectAccessible(page, `${language} sign-in notice`);
  }

  // A learner's own page.
  await page.getByLabel('Nom d’utilisateur').fill('pupil1');
  await page.getByLabel('Mot de passe').fill(LEARNER_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Bienvenue, Pupil Learner 1' })).toBeVisible();
  await expectAccessible(page, 'learner home');
  await api.dispose();
});

test('sign in and reach the users list with the keyboard alone', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const page = await (await newBrowser()).newPage();
  await page.goto(`${server.url}/signin`);
  await expect(page.getByLabel('Username')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Username')).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-user')).toBeVisible();

  // The skip link is the first stop, and moves focus past the navigation.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'New facility' })).toBeFocused();

  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  await page.getByRole('button', { name: 'New user' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await expect(dialog.getByLabel('Full name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Focus returns to where it was.
  await expect(page.getByRole('button', { name: 'New user' })).toBeFocused();
  await api.dispose();
});

test('the chosen language is remembered across reloads', async ({ newBrowser, server }) => {
  const { api } = await provisionDevice(server.url);
  const page = await (await newBrowser()).newPage();
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByLabel('Langue').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await api.dispose();
});
