// The whole journey in a real browser: the CDO invites a steward and two board members; the
// steward signs in with the link, proposes a version by uploading a schema file, checks it and
// submits it; the CDO convenes the board; one member comments on a field and approves, the other
// approves with the keyboard alone; the CDO records the decision; the new version is in the
// catalogue. axe runs on every kind of page along the way, and each is photographed.

import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { seriousViolations } from './helpers/axe.js';
import { SCREENSHOT_DIR, startConcord } from './helpers/concord.js';

const STANDARD = 'community/oruk-service';

/** Checks a page with axe, that nothing on it is wider than the 1280-pixel screen, and saves
 * its screenshot as `name`.png. */
async function inspect(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} fits a 1280-pixel screen`).toBeLessThanOrEqual(1280);
}

/** Signs in a fresh browser context with a one-time link; returns its page. */
async function signInWithLink(browser, link) {
  const context = await browser.newContext({ baseURL: new URL(link).origin });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your work' })).toBeVisible();
  return page;
}

/** The CDO invites someone on the accounts page; returns the link shown once. */
async function invite(page, { name, email, organisation, role }) {
  await page.goto('/accounts');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Organisation', { exact: true }).selectOption(organisation);
  await page.getByRole('group', { name: 'Role' }).getByLabel(new RegExp(`^${role}`, 'i')).check();
  await page.getByRole('button', { name: 'Invite' }).click();
  const link = (await page.locator('#sign-in-link').textContent()).trim();
  expect(link).toContain('/sign-in/link/');
  return link;
}

test('the board, a borough and the CDO take a version from proposal to the catalogue', async ({ browser }) => {
  test.setTimeout(180_000);
  const concord = await startConcord({
    env: { CONCORD_CONSULTATION_DAYS: '0,0,0', CONCORD_MIN_PANEL: '2' },
  });
  try {
    const base = concord.baseUrl;

    // The operator invites the CDO; the CDO invites everyone else from the browser.
    const cdoLink = concord.cli(['invite', '--email', 'cdo@london.gov.uk', '--org', 'gla', '--role', 'cdo', '--name', 'Chief Digital Officer']);
    const anonymous = await (await browser.newContext({ baseURL: base })).newPage();
    await anonymous.goto(`${base}/sign-in`);
    await expect(anonymous.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await inspect(anonymous, 'sign-in');

    const cdo = await signInWithLink(browser, cdoLink);
    await cdo.goto('/accounts');
    await inspect(cdo, 'accounts');
    const stewardLink = await invite(cdo, { name: 'Sam Steward', email: 'sam@camden.gov.uk', organisation: 'camden', role: 'steward' });
    await inspect(cdo, 'accounts-invited');
    const boardOneLink = await invite(cdo, { name: 'Bea Board', email: 'bea@tfl.gov.uk', organisation: 'tfl', role: 'board' });
    const boardTwoLink = await invite(cdo, { name: 'Ben Board', email: 'ben@westminster.gov.uk', organisation: 'westminster', role: 'board' });
    await cdo.goto('/accounts');
    await cdo.getByRole('link', { name: 'Sam Steward' }).click();
    await expect(cdo.getByRole('heading', { level: 2, name: 'API tokens' })).toBeVisible();
    await inspect(cdo, 'account');

    // The steward proposes a new version by uploading a schema file.
    const steward = await signInWithLink(browser, stewardLink);
    await inspect(steward, 'your-work-steward');
    const latest = await (await fetch(`${base}/schemas/${STANDARD}/latest`)).json();
    latest.properties = { ...latest.properties, concordNote: { type: 'string', description: 'A note added in the browser journey' } };
    const schemaFile = path.join(concord.dir, 'proposed.json');
    writeFileSync(schemaFile, JSON.stringify(latest, null, 2));

    await steward.goto('/propose/standard');
    await expect(steward.getByRole('heading', { level: 1, name: 'Propose a new standard' })).toBeVisible();
    await inspect(steward, 'propose-standard');
    await steward.goto(`/standards/${STANDARD}`);
    await expect(steward.getByRole('heading', { name: 'Examples' })).toBeVisible();
    await expect(steward.getByRole('heading', { name: 'How to validate' })).toBeVisible();
    await inspect(steward, 'standard');
    await steward.getByRole('link', { name: /^since / }).first().click();
    await expect(steward.getByText(/change/).first()).toBeVisible();
    await inspect(steward, 'diff');
    await steward.goto(`/standards/${STANDARD}`);
    await steward.getByRole('link', { name: 'Propose a new version' }).click();
    await expect(steward.getByRole('heading', { level: 1, name: 'Propose a new version' })).toBeVisible();
    await steward.getByLabel('Version', { exact: true }).fill('not-a-version');
    await steward.getByLabel('Changelog').fill('Adds an optional note.');
    await steward.getByLabel('Rationale').fill('Boroughs asked for somewhere to write a note.');
    await steward.getByLabel('Or upload the schema file').setInputFiles(schemaFile);
    await steward.getByRole('button', { name: 'Check' }).click();
    // A wrong version is named in the error summary, and the form keeps what was typed.
    await expect(steward.locator('.govuk-error-summary')).toContainText('version');
    await expect(steward.locator('.govuk-error-summary')).toBeFocused();
    await expect(steward.getByLabel('Changelog')).toHaveValue('Adds an optional note.');
    await inspect(steward, 'propose-version-error');
    await steward.getByLabel('Version', { exact: true }).fill('9.0.0');
    await steward.getByRole('button', { name: 'Check' }).click();
    await expect(steward.getByText('What the registry would say')).toBeVisible();
    await expect(steward.getByText('concordNote').first()).toBeVisible();
    await inspect(steward, 'propose-version-check');
    await steward.getByRole('button', { name: 'Save draft' }).click();
    await expect(steward).toHaveURL(/\/proposals\/\d+$/);
    const proposalUrl = steward.url();
    await steward.getByRole('button', { name: 'Submit for consultation' }).click();
    await expect(steward.locator('.govuk-summary-list')).toContainText('CONSULTATION');

    // The CDO convenes the board (every eligible member preselected).
    await cdo.goto(proposalUrl);
    const tomorrow = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await cdo.getByLabel('The board reports by').fill(tomorrow);
    await expect(cdo.getByLabel(/Bea Board/)).toBeChecked();
    await expect(cdo.getByLabel(/Ben Board/)).toBeChecked();
    await inspect(cdo, 'proposal-convene');
    await cdo.getByRole('button', { name: 'Convene the board' }).click();
    await expect(cdo.locator('.govuk-summary-list')).toContainText('IN_REVIEW');

    // One member comments on a field and approves.
    const bea = await signInWithLink(browser, boardOneLink);
    await inspect(bea, 'your-work-board');
    await expect(bea.getByRole('link', { name: /Sam|oruk|Open Referral|\d+:/ }).first()).toBeVisible();
    await bea.goto(proposalUrl);
    const field = bea.locator('li.concord-field', { hasText: 'concordNote' }).first();
    await field.locator('summary', { hasText: 'Comment on this field' }).click();
    await field.getByLabel('Comment on this field').fill('Please give this note a maximum length.');
    await field.getByRole('button', { name: 'Send comment' }).click();
    await expect(bea.locator('li.concord-field', { hasText: 'concordNote' }).first()).toContainText('Please give this note a maximum length.');
    const review = bea.getByRole('group', { name: 'Your review' });
    await review.getByLabel('Approve').check();
    await bea.getByLabel('Comment', { exact: true }).fill('Approve: a small, optional addition.');
    await inspect(bea, 'proposal-review');
    await bea.getByRole('button', { name: 'Send review' }).click();
    await expect(bea.getByText('Approve: a small, optional addition.')).toBeVisible();

    // The other approves with the keyboard alone.
    const ben = await signInWithLink(browser, boardTwoLink);
    await ben.goto(proposalUrl);
    let focused = '';
    for (let i = 0; i < 600 && focused !== 'verdict'; i += 1) {
      await ben.keyboard.press('Tab');
      focused = await ben.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused, 'Tab reaches the first radio of "Your review"').toBe('verdict');
    await ben.keyboard.press('Space');
    await expect(ben.getByRole('group', { name: 'Your review' }).getByLabel('Approve')).toBeChecked();
    await ben.keyboard.press('Tab');
    expect(await ben.evaluate(() => document.activeElement?.id)).toBe('review-comment');
    await ben.keyboard.type('Approve, from the keyboard.');
    await ben.keyboard.press('Tab');
    expect(await ben.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send review');
    await ben.keyboard.press('Enter');
    await expect(ben.getByText('Approve, from the keyboard.')).toBeVisible();

    // The CDO records the decision; the version is published.
    await cdo.goto('/your-work');
    await inspect(cdo, 'your-work-cdo');
    await cdo.goto(proposalUrl);
    await cdo.getByRole('group', { name: 'Your decision' }).getByLabel('Approve').check();
    await cdo.getByLabel('Note').fill('Approved as the board advised.');
    await inspect(cdo, 'proposal-decision');
    await cdo.getByRole('button', { name: 'Record decision' }).click();
    await expect(cdo.locator('.govuk-summary-list')).toContainText('APPROVED');

    await anonymous.goto(`${base}/standards/${STANDARD}`);
    await expect(anonymous.getByRole('cell', { name: '9.0.0' }).first()).toBeVisible();
    await anonymous.goto(`${base}/proposals`);
    await inspect(anonymous, 'proposals');
    await anonymous.goto(`${base}/`);
    await inspect(anonymous, 'catalogue');
  } finally {
    await concord.stop();
  }
});
