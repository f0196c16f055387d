// GraphiQL works offline: every request that is not to Concord itself is blocked, and a query
// still runs. The page's Content-Security-Policy allows nothing else either.

import path from 'node:path';

import { expect, test } from '@playwright/test';

import { SCREENSHOT_DIR, startConcord } from './helpers/concord.js';

test('GraphiQL runs a query with every request outside the server blocked', async ({ page }) => {
  const concord = await startConcord();
  try {
    const outside = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === concord.baseUrl) {
        return route.continue();
      }
      outside.push(url.toString());
      return route.abort();
    });
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${concord.baseUrl}/graphql`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    const run = page.locator('.graphiql-execute-button');
    await expect(run).toBeVisible();
    await run.click();
    await expect(page.locator('.result-window')).toContainText('"standards"', { timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'graphiql.png') });
    expect(outside, 'requests outside Concord').toEqual([]);
    expect(problems.filter((p) => !p.includes('Description') && !p.includes('source map')), 'console errors').toEqual([]);
  } finally {
    await concord.stop();
  }
});
