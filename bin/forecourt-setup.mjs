#!/usr/bin/env node
// forecourt-setup: installs or updates a dealership on any CouchDB-compatible server.
// The logic lives in server/setup.ts (it compiles src/rules into the server's validation), run
// through tsx so a fresh clone needs no build step: `node bin/forecourt-setup.mjs --help`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../server/setup.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
