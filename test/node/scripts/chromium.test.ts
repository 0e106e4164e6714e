/**
 * How the test command finds a Chromium: CHROME_PATH first, then the system's, then one that
 * Playwright downloaded, in either of Playwright's layouts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, playwrightManagedChromium } from '../../../scripts/chromium.mjs';

function fakeExecutable(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

test('CHROME_PATH, when it names an existing file, is used before any other Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-chrome-'));
  const saved = process.env.CHROME_PATH;
  try {
    process.env.CHROME_PATH = fakeExecutable(join(dir, 'my-chrome'));
    assert.equal(findChromium(), process.env.CHROME_PATH);
    process.env.CHROME_PATH = join(dir, 'missing');
    assert.notEqual(findChromium(), process.env.CHROME_PATH, 'a CHROME_PATH that does not exist is passed over');
  } finally {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a Playwright-managed Chromium is found in the newest revision, in both of Playwright's layouts", () => {
  const cache = mkdtempSync(join(tmpdir(), 'forecourt-ms-playwright-'));
  try {
    assert.equal(playwrightManagedChromium(cache), undefined, 'an empty cache has none');
    const older = fakeExecutable(join(cache, 'chromium-1100', 'chrome-linux', 'chrome'));
    assert.equal(playwrightManagedChromium(cache), older, 'the chrome-linux layout of older releases');
    const newer = fakeExecutable(join(cache, 'chromium-1181', 'chrome-linux64', 'chrome'));
    fakeExecutable(join(cache, 'chromium_headless_shell-1181', 'chrome-linux64', 'chrome'));
    assert.equal(playwrightManagedChromium(cache), newer, 'the chrome-linux64 layout, newest revision first, never the headless shell');
    assert.equal(playwrightManagedChromium(join(cache, 'nowhere')), undefined);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
