// A standard published as several files, in a real browser: the standard's page links each
// document, a document opens at its own address, and a proposal's page shows each document as
// submitted with the warnings that name it. axe runs on both pages.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { seriousViolations } from './helpers/axe.js';
import { REPO_DIR, SCREENSHOT_DIR, startConcord } from './helpers/concord.js';

const ROOT = {
  title: 'Contact card',
  type: 'object',
  properties: { name: { $ref: 'definitions.json#/$defs/name' }, phone: { $ref: 'parts/phone.json' } },
};
const DEFINITIONS = { $defs: { name: { type: 'string', maxLength: 40 } } };
const PHONE = { type: 'string', pattern: '^[0-9 ]+$' };

/** A catalogue with the built-in organisations and one standard whose 1.0.0 is a folder. */
function catalogue() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-files-'));
  fs.copyFileSync(path.join(REPO_DIR, 'standards', 'organisations.toml'), path.join(dir, 'organisations.toml'));
  const version = path.join(dir, 'common', 'contact-card', '1.0.0');
  fs.mkdirSync(path.join(version, 'parts'), { recursive: true });
  fs.writeFileSync(path.join(version, 'schema.json'), JSON.stringify(ROOT, null, 2));
  fs.writeFileSync(path.join(version, 'definitions.json'), JSON.stringify(DEFINITIONS, null, 2));
  fs.writeFileSync(path.join(version, 'parts', 'phone.json'), JSON.stringify(PHONE, null, 2));
  fs.writeFileSync(
    path.join(dir, 'common', 'contact-card', 'standard.toml'),
    'title = "Contact card"\nsummary = "A contact in three files."\ntheme = "common"\nowner = "loti"\n\n[versions."1.0.0"]\nchangelog = "First."\n',
  );
  return dir;
}

async function inspect(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

test('a version of several files links its documents, and a proposal shows each as submitted', async ({ browser }) => {
  test.setTimeout(120_000);
  const concord = await startConcord();
  const dir = catalogue();
  try {
    concord.cli(['seed', dir]);
    const page = await (await browser.newContext({ baseURL: concord.baseUrl })).newPage();

    await page.goto('/standards/common/contact-card');
    const link = page.getByRole('link', { name: 'parts/phone.json' });
    await expect(link).toBeVisible();
    await expect(page.getByRole('link', { name: 'definitions.json' })).toBeVisible();
    await inspect(page, 'standard-of-several-files');
    const served = await page.request.get(await link.getAttribute('href'));
    expect(served.status()).toBe(200);
    expect(await served.json()).toEqual(PHONE);

    const token = concord.cli(['token', 'create', '--org', 'camden', '--role', 'steward', '--name', 'Camden CI']);
    const proposed = await page.request.post('/graphql', {
      headers: { authorization: `Bearer ${token}` },
      data: {
        query: 'mutation($input: ProposeStandardInput!) { proposeStandard(input: $input) { proposal { id } } }',
        variables: {
          input: {
            slug: 'common/venue-contact', title: 'Venue contact', summary: 'Where to reach a venue.',
            theme: 'common', version: '1.0.0', rationale: 'Venues publish contacts differently.',
            schema: ROOT,
            documents: [
              { path: 'definitions.json', schema: { $defs: { name: { type: 'string', format: 'uint' } } } },
              { path: 'parts/phone.json', schema: PHONE },
            ],
          },
        },
      },
    });
    const body = await proposed.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    await page.goto(`/proposals/${body.data.proposeStandard.proposal.id}`);
    await expect(page.getByText(/format: uint.*in definitions\.json/)).toBeVisible();
    const document = page.getByText('The document parts/phone.json as submitted');
    await expect(document).toBeVisible();
    await document.click();
    await expect(page.getByText('^[0-9 ]+$').first()).toBeVisible();
    await inspect(page, 'proposal-of-several-files');
  } finally {
    await concord.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
