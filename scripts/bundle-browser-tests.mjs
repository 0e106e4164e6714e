// Bundles browser test files with esbuild before @web/test-runner serves them. RxDB's browser
// dependency graph mixes CommonJS and ESM (FINDINGS.md); one esbuild pass resolves it in about a
// second, where serving the unbundled modules costs seconds per test file.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');

/** @returns {Promise<string[]>} the bundled files, relative to the project root */
export async function bundleBrowserTests(entryPoints, outDir, serverEnv) {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir: outDir,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    metafile: true,
    tsconfig: join(root, 'tsconfig.json'),
    define: {
      'process.env.NODE_ENV': '"test"',
      global: 'globalThis',
      __FORECOURT_TEST_SERVER__: JSON.stringify(JSON.stringify({ url: serverEnv.FORECOURT_TEST_COUCH_URL, admin: serverEnv.FORECOURT_TEST_COUCH_ADMIN })),
    },
    logLevel: 'warning',
  });
  const entries = new Set(entryPoints.map((file) => relative(root, resolve(file))));
  return Object.entries(result.metafile.outputs)
    .filter(([, output]) => output.entryPoint && entries.has(relative(root, resolve(root, output.entryPoint))))
    .map(([file]) => relative(root, resolve(root, file)));
}
