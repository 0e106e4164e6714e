#!/usr/bin/env node
// forecourt-setup: installs or updates a dealership on any CouchDB-compatible server.
// The published package runs dist/forecourt-setup.mjs (built by `npm run build:setup`: the logic of
// server/setup.ts with the validator prebuilt, no tsx, esbuild or TypeScript needed). A fresh
// clone has no build: it runs server/setup.ts through tsx, as it does when a source file is newer
// than the build (so a checkout never runs a stale build).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/forecourt-setup.mjs', import.meta.url);

/** The newest modification time of the .ts files the build is made from (0 when there are none). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(fileURLToPath(new URL('../server', import.meta.url)));
  walk(fileURLToPath(new URL('../src', import.meta.url)));
  return newest;
}

async function fromSource() {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('../server/setup.ts', import.meta.url);
}

let setup;
if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) setup = await import(built.href);
else {
  try {
    setup = await fromSource();
  } catch (err) {
    if (!existsSync(built) || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    setup = await import(built.href); // no tsx here: the build is all there is
  }
}
process.exitCode = await setup.main(process.argv.slice(2));
