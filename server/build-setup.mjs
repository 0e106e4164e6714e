#!/usr/bin/env node
// Builds dist/forecourt-setup.mjs, the setup command as the published package runs it: server/setup.ts
// and everything it imports in one Node ES module, with the validator's ES5 source prebuilt
// into it, so installing a dealership needs neither tsx, esbuild nor TypeScript.
//   node server/build-setup.mjs [--outfile dist/forecourt-setup.mjs]     (npm run build:setup)
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildValidatorSource } from './validator-build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--outfile');
const outfile = resolve(at >= 0 ? args[at + 1] : join(root, 'dist', 'forecourt-setup.mjs'));

const validatorSource = await buildValidatorSource();
await build({
  entryPoints: [join(root, 'server', 'setup.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.json'),
  define: { __FORECOURT_VALIDATOR_SOURCE__: JSON.stringify(validatorSource) },
  plugins: [
    {
      // The build-time validator builder (esbuild, TypeScript) is never reached at run time.
      name: 'no-validator-builder',
      setup(b) {
        b.onResolve({ filter: /validator-build\.mjs$/ }, (a) => ({ path: a.path, namespace: 'prebuilt' }));
        b.onLoad({ filter: /.*/, namespace: 'prebuilt' }, () => ({
          contents: "export function buildValidatorSource() { throw new Error('the validator is prebuilt into this file'); }",
          loader: 'js',
        }));
      },
    },
  ],
  banner: { js: '// forecourt-setup, built by server/build-setup.mjs from server/setup.ts. Do not edit.' },
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
