// Builds the ES5 source of the rules bundled into validate_doc_update: src/rules through
// server/validate-entry.ts, bundled with esbuild into one IIFE (`var __forecourtValidate`), then
// lowered to ES5 with the TypeScript compiler (CouchDB's JavaScript engine may be ES5 only).
// Build time only: the published bin carries the result (server/build-setup.mjs), so neither
// esbuild nor TypeScript is needed to install a dealership.
import { build } from 'esbuild';
import ts from 'typescript';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildValidatorSource() {
  const result = await build({
    entryPoints: [join(here, 'validate-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__forecourtValidate',
    platform: 'neutral',
    target: 'es2017',
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const bundled = result.outputFiles[0]?.text ?? '';
  const es5 = ts.transpileModule(bundled, {
    fileName: 'validate.js',
    compilerOptions: {
      target: ts.ScriptTarget.ES5,
      module: ts.ModuleKind.None,
      allowJs: true,
      removeComments: true,
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  return es5.outputText.replace(/^"use strict";\n/, '');
}
