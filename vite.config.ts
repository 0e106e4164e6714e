/**
 * Three builds from one config:
 * - `vite build`: the ES module library. `dist/forecourt.js` registers every element,
 *   `dist/core.js` is the framework-free core, `dist/seed.js` the demo-data generator; lit,
 *   @lit/context, rxdb and rxjs stay external so the integrator's bundler dedupes them.
 * - `vite build --mode standalone`: `dist/forecourt.standalone.js`, one self-contained file for a
 *   single `<script type="module">`, everything inlined.
 * - `vite` / `vite build --mode demo`: the demo site in demo/ (multi-page), see demo/README.md.
 * Always a production build: RxDB dev-mode is never imported by src/, and NODE_ENV is pinned.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const EXTERNAL = [/^lit(\/.*)?$/, /^@lit\//, /^lit-html(\/.*)?$/, /^lit-element(\/.*)?$/, /^@lit-labs\//, /^rxdb(\/.*)?$/, /^rxjs(\/.*)?$/];

const shared: UserConfig = {
  // Some of RxDB's dependencies are CommonJS written for Node.
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), global: 'globalThis' },
  publicDir: false,
  logLevel: 'warn',
};

function library(): UserConfig {
  return {
    ...shared,
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: {
        entry: {
          forecourt: resolve(root, 'components/all.ts'),
          core: resolve(root, 'src/index.ts'),
          seed: resolve(root, 'src/seed/index.ts'),
        },
        formats: ['es'],
        fileName: (_format, entryName) => `${entryName}.js`,
      },
      rolldownOptions: {
        external: EXTERNAL,
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

function standalone(): UserConfig {
  return {
    ...shared,
    build: {
      outDir: 'dist',
      // The library build ran first into the same folder (`npm run build`): keep it.
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: {
        entry: { 'forecourt.standalone': resolve(root, 'components/all.ts') },
        formats: ['es'],
        fileName: () => 'forecourt.standalone.js',
      },
      rolldownOptions: {
        // Vite keeps whitespace in ES library output (for consumers' tree shaking); this file is
        // consumed by browsers only, so minify it completely.
        output: { codeSplitting: false, minify: true },
      },
    },
  };
}

function demo(): UserConfig {
  const demoRoot = resolve(root, 'demo');
  return {
    ...shared,
    root: demoRoot,
    // Relative asset URLs: the built demo can be hosted under any path.
    base: './',
    logLevel: 'info',
    // Lit's and RxDB's production builds even under the dev server: the demo shows what ships.
    resolve: { conditions: ['module', 'browser', 'production'] },
    server: { host: '127.0.0.1', strictPort: false, fs: { allow: [root] } },
    preview: { host: '127.0.0.1' },
    build: {
      outDir: resolve(root, 'dist/demo'),
      emptyOutDir: true,
      target: 'es2022',
      // A strict CSP (script-src 'self') forbids the inline module-preload polyfill.
      modulePreload: { polyfill: false },
      // The demo bundles the whole stack (RxDB included) on purpose.
      chunkSizeWarningLimit: 800,
      rolldownOptions: {
        input: {
          index: resolve(demoRoot, 'index.html'),
          dealer: resolve(demoRoot, 'dealer/index.html'),
          portal: resolve(demoRoot, 'portal/index.html'),
        },
      },
    },
  };
}

export default defineConfig(({ command, mode }) => {
  if (mode === 'standalone') return standalone();
  if (mode === 'demo' || command === 'serve') return demo();
  return library();
});
