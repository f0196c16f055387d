// Signing in with OpenID Connect against a real provider (the npm `oidc-provider`, on loopback):
// the authorization code flow with PKCE, the ID token checked by Concord, and the person matched
// to the account the CDO made by their verified e-mail address. Nobody else gets in.

import path from 'node:path';

import { expect, test } from '@playwright/test';

import { seriousViolations } from './helpers/axe.js';
import { OIDC_CALLBACK_PATH, SCREENSHOT_DIR, freePort, startConcord, startOidcProvider } from './helpers/concord.js';

/** Goes from Concord's sign-in page through the provider's login form as `login`. */
async function signInAtProvider(page, baseUrl, login) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

for (const method of ['client_secret_basic', 'client_secret_post']) {
  test(`a person with an account signs in through the identity provider (${method})`, async ({ browser }) => {
    const port = await freePort();
    const oidc = await startOidcProvider({
      redirectUris: [`http://127.0.0.1:${port}${OIDC_CALLBACK_PATH}`],
      tokenAuthMethod: method,
    });
    const concord = await startConcord({ port, oidc });
    try {
      concord.cli(['invite', '--email', 'Ada@Camden.gov.uk', '--org', 'camden', '--role', 'steward', '--name', 'Ada Lovelace']);

      const page = await (await browser.newContext()).newPage();
      await page.goto(`${concord.baseUrl}/sign-in`);
      expect(await seriousViolations(page), 'axe on the sign-in page with OIDC').toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'sign-in-oidc.png'), fullPage: true });
      await signInAtProvider(page, concord.baseUrl, 'ada@camden.gov.uk');
      await expect(page).toHaveURL(`${concord.baseUrl}/your-work`);
      await expect(page.getByText('Signed in as')).toContainText('Ada Lovelace');

      // Signing out ends the session: the cookie no longer opens "Your work".
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('heading', { name: 'You have signed out' })).toBeVisible();
      await page.goto(`${concord.baseUrl}/your-work`);
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    } finally {
      await concord.stop();
      await oidc.stop();
    }
  });
}

test('nobody without an account, or without a verified address, gets in', async ({ browser }) => {
  const port = await freePort();
  const oidc = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${port}${OIDC_CALLBACK_PATH}`] });
  const concord = await startConcord({ port, oidc });
  try {
    concord.cli(['invite', '--email', 'unverified.bob@camden.gov.uk', '--org', 'camden', '--role', 'steward', '--name', 'Bob']);

    const stranger = await (await browser.newContext()).newPage();
    await signInAtProvider(stranger, concord.baseUrl, 'eve@example.org');
    await expect(stranger.locator('.govuk-error-summary')).toContainText('there is no Concord account for eve@example.org');
    await expect(stranger.getByText('Signed in as')).toHaveCount(0);

    const unverified = await (await browser.newContext()).newPage();
    await signInAtProvider(unverified, concord.baseUrl, 'unverified.bob@camden.gov.uk');
    await expect(unverified.locator('.govuk-error-summary')).toContainText('has not verified the address');
    await expect(unverified.getByText('Signed in as')).toHaveCount(0);

    // A callback that did not start in this browser is refused.
    const forged = await (await browser.newContext()).newPage();
    await forged.goto(`${concord.baseUrl}${OIDC_CALLBACK_PATH}?code=abc&state=xyz`);
    await expect(forged.locator('.govuk-error-summary')).toContainText('started in another browser');
  } finally {
    await concord.stop();
    await oidc.stop();
  }
});
