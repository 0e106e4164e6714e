// The custom elements manifest (custom-elements.json): every element's tag, attributes,
// properties, events, slots, parts and CSS custom properties, read from the classes' JSDoc.
// `npm run manifest` regenerates it; test/node/manifest/ fails when the committed file is stale.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const TOKENS = 'components/shared/styles.ts';

/** The style modules an element module reaches through relative imports of `*styles*` files. */
export function styleModules(modulePath) {
  const seen = new Set();
  const visit = (path, isStyle) => {
    if (seen.has(path) || !existsSync(join(root, path))) return;
    if (isStyle) seen.add(path);
    const source = readFileSync(join(root, path), 'utf8');
    for (const [, spec] of source.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(root, normalize(join(root, dirname(path), spec.replace(/\.js$/, '.ts'))));
      if (/styles/.test(target.split('/').pop())) visit(target, true);
    }
  };
  visit(modulePath, false);
  return [...seen];
}

/** `@cssprop [--name=default] - description` lines of the shared theme's JSDoc. */
function sharedTokenDocs() {
  const source = readFileSync(join(root, TOKENS), 'utf8');
  const doc = source.match(/\/\*\*([\s\S]*?)\*\/\s*export const tokens/)?.[1] ?? '';
  return [...doc.matchAll(/@cssprop\s+\[(--[\w-]+)=([^\]]*)\]\s+-\s+(.+)/g)].map(([, name, dflt, description]) => ({
    name,
    description: description.trim(),
    default: dflt.trim(),
  }));
}

/** Lists the shared theme's custom properties under every element whose styles include it. */
function sharedTokensPlugin() {
  return {
    name: 'forecourt-shared-tokens',
    packageLinkPhase({ customElementsManifest }) {
      // globby's order varies between runs: sort, so the committed file only changes with the code.
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      const tokens = sharedTokenDocs();
      for (const mod of customElementsManifest.modules) {
        if (!styleModules(mod.path).includes(TOKENS)) continue;
        for (const decl of mod.declarations ?? []) {
          if (!decl.customElement || !decl.tagName) continue;
          const own = decl.cssProperties ?? [];
          const ownNames = new Set(own.map((p) => p.name));
          // The element's own description wins; the theme supplies the default value.
          const merged = [
            ...own.map((p) => ({ name: p.name, description: p.description, default: p.default ?? tokens.find((t) => t.name === p.name)?.default })),
            ...tokens.filter((t) => !ownNames.has(t.name)),
          ].map(({ default: dflt, ...rest }) => (dflt === undefined ? rest : { ...rest, default: dflt }));
          decl.cssProperties = merged.sort((a, b) => a.name.localeCompare(b.name));
        }
      }
    },
  };
}

export default {
  globs: ['components/**/*.component.ts', 'components/**/define.ts', 'components/shared/*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names custom-elements.json; never rewrite it.
  packagejson: false,
  plugins: [sharedTokensPlugin()],
};
