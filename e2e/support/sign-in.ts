import { expect, type Page } from '@playwright/test';

/** Signs in through the sign-in page, the way a person does, and waits for the signed-in shell. */
export async function signInThroughUi(page: Page, baseURL: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseURL}/signin`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toBeVisible({ timeout: 15_000 });
}
