// Playwright for Concord's pages: Debian's Chromium (never a browser of Playwright's own), one
// test at a time (each starts its own server and OIDC provider), no retries.

import { mkdirSync } from 'node:fs';

import { defineConfig } from '@playwright/test';

import { SCREENSHOT_DIR } from './helpers/concord.js';

mkdirSync(SCREENSHOT_DIR, { recursive: true });

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.js',
  testIgnore: ['node_modules/**'],
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    headless: true,
    // The tests take the screenshots they want themselves, into target/screenshots.
    screenshot: 'off',
    trace: 'off',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
          args: [
            ...(asRoot ? ['--no-sandbox'] : []),
            // This machine has no network but loopback: keep Chromium from reaching out.
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
            '--disable-gpu',
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
});
