// Adoption in a real browser, on the demonstration data (`concord seed --demo`): the adoption
// page with its matrix, its London grid map and the map's text alternative; an organisation's
// page; a proposal's impact above the review; and a steward declaring adoption and publishing a
// fixture on a standard's page. axe runs on each, and each is photographed.

import path from 'node:path';

import { expect, test } from '@playwright/test';

import { seriousViolations } from './helpers/axe.js';
import { REPO_DIR, SCREENSHOT_DIR, startConcord } from './helpers/concord.js';

async function inspect(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${name} fits a 1280-pixel screen`).toBeLessThanOrEqual(1280);
}

test('the adoption map, an organisation and a proposal\'s impact read well and pass axe', async ({ browser }) => {
  test.setTimeout(120_000);
  const concord = await startConcord();
  try {
    const loaded = concord.cli(['seed', '--demo', path.join(REPO_DIR, 'standards')]);
    expect(loaded).toContain('demonstration data loaded');
    const page = await (await browser.newContext({ baseURL: concord.baseUrl })).newPage();

    await page.goto('/adoption');
    await expect(page.getByText('This registry holds demonstration data')).toBeVisible();
    const map = page.getByRole('img', { name: /London grid map/ });
    await expect(map).toBeVisible();
    await expect(map.locator('rect')).toHaveCount(35);
    await map.screenshot({ path: path.join(SCREENSHOT_DIR, 'adoption-map.png') });
    // The text alternative: the same facts as a table, every authority a row.
    const alternative = page.getByRole('table', { name: /The map as a table/ });
    await expect(alternative.getByRole('row')).toHaveCount(36);
    await expect(alternative.getByRole('row', { name: /London Borough of Camden/ })).toContainText('standards adopted');
    await expect(page.getByRole('region', { name: /status and version range/ })).toBeVisible();
    await inspect(page, 'adoption');

    // Colouring by one standard works as a plain form.
    await page.getByLabel('Colour the map by').selectOption('common/address');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/standard=common%2Faddress/);
    await expect(alternative.getByRole('row', { name: /London Borough of Camden/ })).toContainText('Live (^1.1.0)');
    await inspect(page, 'adoption-by-status');
    await page.locator('#map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'adoption-map-view.png') });

    await page.getByRole('link', { name: 'London Borough of Camden' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'London Borough of Camden' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Fixtures' })).toBeVisible();
    await expect(page.getByText(/documents? validated with London Borough of Camden's tokens/)).toBeVisible();
    await inspect(page, 'organisation');

    await page.goto('/proposals');
    await page.getByRole('row', { name: /Address with UPRN and USRN/ }).getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Impact on adopters' })).toBeVisible();
    await expect(page.getByText(/1 of \d+ adopters affected: London Borough of Camden \(1 fixture breaks at \/addressLines;/)).toBeVisible();
    await inspect(page, 'impact');
  } finally {
    await concord.stop();
  }
});

test('a steward declares adoption and publishes a fixture on a standard\'s page', async ({ browser }) => {
  test.setTimeout(120_000);
  const concord = await startConcord();
  try {
    const link = concord.cli(['invite', '--email', 'sam@hackney.gov.uk', '--org', 'hackney', '--role', 'steward', '--name', 'Sam']);
    const page = await (await browser.newContext({ baseURL: concord.baseUrl })).newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.goto('/standards/common/geo-point');
    await page.getByLabel('Versions you use').fill('^9');
    await page.getByLabel(/^Live/).check();
    await page.getByRole('button', { name: 'Declare adoption' }).click();
    // Refused: the summary takes focus and links to the field.
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: /published: 1.0.0/ })).toHaveAttribute('href', '#range');
    await inspect(page, 'declare-refused');

    await page.getByLabel('Versions you use').fill('^1');
    await page.getByRole('button', { name: 'Declare adoption' }).click();
    await expect(page.getByRole('heading', { name: "Your organisation's adoption" })).toBeVisible();
    await expect(page.getByText('Fixtures are public. Do not put personal data in them')).toBeVisible();
    await page.getByLabel('Fixture name').fill('Town hall');
    await page.getByLabel(/We produce documents like this/).check();
    await page.getByLabel('Document', { exact: true }).fill('{"latitude": 51.545021, "longitude": -0.055325}');
    await page.getByRole('button', { name: 'Add fixture' }).click();
    await expect(page.getByRole('button', { name: 'Remove Town hall' })).toBeVisible();
    await inspect(page, 'fixtures');
  } finally {
    await concord.stop();
  }
});
