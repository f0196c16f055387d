// Starting the real things a browser test talks to: the `concord` binary (built beforehand; this
// builds nothing) over a fresh database of its own, and the OpenID Connect provider in
// ../oidc/provider.js. Every test starts its own and stops them when it ends:
//
//   const oidc = await startOidcProvider({ redirectUris: [...] });
//   const concord = await startConcord({ extraArgs: [...], env: {...} });
//   try { ... } finally { await concord.stop(); await oidc.stop(); }

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/browser. */
export const BROWSER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
export const REPO_DIR = path.resolve(BROWSER_DIR, '../..');
/** Where the tests save their screenshots: target/screenshots at the repository root. */
export const SCREENSHOT_DIR = path.join(REPO_DIR, 'target', 'screenshots');

/** Where Concord's OIDC callback is, under its base URL (what the provider must allow). */
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

/** The binary under test: `CONCORD_BIN` (relative to tests/browser), or target/debug/concord. */
export function concordBin() {
  return path.resolve(BROWSER_DIR, process.env.CONCORD_BIN || '../../target/debug/concord');
}

/** A port nothing listens on now: bind port 0 on loopback, read it, let it go. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The arguments of `concord serve` (every other setting is passed in the environment). */
export function serveArgs({ databaseUrl, port, extra = [] }) {
  return ['serve', '--database-url', databaseUrl, '--bind', `127.0.0.1:${port}`, ...extra];
}

// Every child still running, ended when this process exits however a test ended (a test that
// throws before its `finally`, a worker torn down on a timeout).
const running = new Set();
process.once('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
});

/** Spawns `command`, tracked in `running` until it exits. */
function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until GET `url` answers 200, for at most `timeoutMs`; false if it never did. */
async function waitFor200(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return false;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) {
        return true;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

/** Ends `child` (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `concord serve` on a free loopback port over a new SQLite database in a temporary
 * folder (with the audit key beside it, and the repository's catalogue), and waits until
 * `GET /readyz` (database up, migrations applied) answers 200, for at most 30 s.
 *
 * `extraArgs` are added after the serve arguments; `env` is added to this process's environment
 * (`CONCORD_LOG` is `warn` unless it says otherwise). `port` is the port to listen on (default: a
 * free one): pick it first with `freePort()` when the OIDC provider must know Concord's redirect
 * URI before Concord starts. `oidc` (what `startOidcProvider` returns) points Concord at that
 * provider (`CONCORD_OIDC_ISSUER`, `CONCORD_OIDC_CLIENT_ID`, `CONCORD_OIDC_CLIENT_SECRET`).
 * `CONCORD_BASE_URL` is the server's own address, so the links the CLI prints lead to it.
 *
 * Returns:
 * - `baseUrl`: `http://127.0.0.1:PORT`;
 * - `databaseUrl`, `dir` (the temporary folder), `port`;
 * - `cdoToken`: the first CDO account's API token, which serve prints on an empty database;
 * - `output()`: what the server has printed so far (stdout and stderr);
 * - `cli(args)`: runs the same binary with `args` over the same database and environment, and
 *   returns its standard output, trimmed; throws with its stderr when it exits non-zero;
 * - `stop()`: ends the server and removes the temporary folder.
 */
export async function startConcord({ extraArgs = [], env = {}, port, oidc } = {}) {
  const bin = concordBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-browser-'));
  const databaseUrl = `sqlite://${dir}/concord.db?mode=rwc`;
  port ??= await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env,
    CONCORD_LOG: 'warn',
    CONCORD_AUDIT_KEY_FILE: path.join(dir, 'concord-audit.key'),
    CONCORD_STANDARDS_DIR: path.join(REPO_DIR, 'standards'),
    CONCORD_BASE_URL: baseUrl,
    ...(oidc
      ? {
        CONCORD_OIDC_ISSUER: oidc.issuer,
        CONCORD_OIDC_CLIENT_ID: oidc.clientId,
        CONCORD_OIDC_CLIENT_SECRET: oidc.clientSecret,
        CONCORD_OIDC_AUTH_METHOD: oidc.tokenAuthMethod === 'client_secret_post' ? 'post' : 'basic',
      }
      : {}),
    ...env,
    // The CLI reads the same database through the environment (every subcommand that has one
    // takes `--database-url` from DATABASE_URL).
    DATABASE_URL: databaseUrl,
  };

  let log = '';
  const child = spawnTracked(bin, serveArgs({ databaseUrl, port, extra: extraArgs }), {
    cwd: dir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawnError = new Promise((resolve) => child.once('error', resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk) => { log += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk) => { log += chunk; });

  const ready = await Promise.race([
    waitFor200(`${baseUrl}/readyz`, 30_000, child),
    spawnError.then((error) => { throw new Error(`cannot run ${bin}: ${error.message}`); }),
  ]).catch(async (error) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  if (!ready) {
    const status = child.exitCode !== null ? `exited with ${child.exitCode}` : 'still not ready after 30 s';
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`concord serve ${status}\n$ ${bin} ${serveArgs({ databaseUrl, port, extra: extraArgs }).join(' ')}\n${log}`);
  }

  const tokenLine = log.match(/shown only once:\s*\n(\S+)/);

  return {
    baseUrl,
    databaseUrl,
    dir,
    port,
    cdoToken: tokenLine ? tokenLine[1] : undefined,
    output: () => log,
    cli(args) {
      const result = spawnSync(bin, args, {
        cwd: dir,
        env: { ...childEnv, CONCORD_LOG: env.CONCORD_LOG ?? 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (result.error) {
        throw new Error(`concord ${args.join(' ')}: ${result.error.message}`);
      }
      if (result.status !== 0) {
        throw new Error(`concord ${args.join(' ')} exited with ${result.status}\n${result.stderr}${result.stdout}`);
      }
      return result.stdout.trim();
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the OpenID Connect provider (../oidc/provider.js) on a free loopback port with one
 * confidential client whose redirect URIs are `redirectUris`, and waits for the line naming its
 * issuer.
 *
 * Returns `{ issuer, clientId, clientSecret, tokenAuthMethod, output(), stop() }`.
 */
export async function startOidcProvider({
  redirectUris,
  clientId = 'concord',
  clientSecret = 'concord-secret',
  tokenAuthMethod = 'client_secret_basic',
  env = {},
} = {}) {
  if (!redirectUris?.length) {
    throw new Error('startOidcProvider needs redirectUris');
  }
  const child = spawnTracked(process.execPath, [path.join(BROWSER_DIR, 'oidc', 'provider.js')], {
    cwd: BROWSER_DIR,
    env: {
      ...process.env,
      ...env,
      OIDC_PORT: '0',
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URIS: redirectUris.join(','),
      OIDC_TOKEN_AUTH_METHOD: tokenAuthMethod,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { log += chunk; });

  const issuer = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the OIDC provider did not start within 30 s\n${log}`));
      // Loading oidc-provider's modules from a cold disk cache has taken over 15 s on a busy
      // CI machine.
    }, 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OIDC provider exited with ${code}\n${log}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(stdout.slice(0, newline)).issuer);
        } catch (error) {
          reject(new Error(`the OIDC provider printed ${stdout.slice(0, newline)}: ${error.message}`));
        }
      }
    });
  });
  child.removeAllListeners('exit');

  return {
    issuer,
    clientId,
    clientSecret,
    tokenAuthMethod,
    output: () => log,
    stop: () => stopChild(child, 2000),
  };
}
