// Finds a Chromium for the browser tests and benchmarks; installs Debian's package when it can.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * A Chromium that Playwright downloaded (where a machine has one): the newest under its cache,
 * in the layout of older (chrome-linux) and newer (chrome-linux64) Playwright releases.
 */
export function playwrightManagedChromium(cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright')) {
  if (!existsSync(cache)) return undefined;
  const byRevision = (a, b) => Number(b.split('-')[1] ?? 0) - Number(a.split('-')[1] ?? 0);
  for (const dir of readdirSync(cache)
    .filter((d) => /^chromium-\d+$/.test(d))
    .sort(byRevision)) {
    for (const layout of ['chrome-linux64', 'chrome-linux']) {
      const candidate = join(cache, dir, layout, 'chrome');
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found: install one (on Debian: sudo apt-get install chromium) or set CHROME_PATH to a Chrome or Chromium executable, then run the tests again.';

export function findChromium() {
  if (process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
  return SYSTEM_CANDIDATES.find((p) => existsSync(p)) ?? playwrightManagedChromium();
}

/** Returns a Chromium path, installing Debian's `chromium` as root when none is present; throws NO_CHROMIUM_MESSAGE otherwise. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log('No Chromium found: installing Debian\'s "chromium" package (about 30 s)…');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (err) {
      console.error(`Installing Debian's chromium failed: ${err.message}`);
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(NO_CHROMIUM_MESSAGE);
}

/** Flags that make headless Chromium quiet and usable as root on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
