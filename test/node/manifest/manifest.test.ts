/**
 * The committed custom-elements.json is what `npm run manifest` generates today, and it documents
 * what each element really does: a summary, every event it fires, every part in its templates and
 * every `--lead-*` custom property its styles read — and nothing it does not.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- a plain ES module without types; styleModules(path) lists the style modules an element reaches.
import { styleModules } from '../../../custom-elements-manifest.config.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const committedPath = join(root, 'custom-elements.json');

interface Named {
  name: string;
  description?: string;
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  description?: string;
  superclass?: { name: string; module?: string };
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  attributes?: Named[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

function regenerate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-cem-'));
  try {
    const cli = join(root, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js');
    const run = spawnSync(process.execPath, [cli, 'analyze', '--quiet', '--outdir', relative(root, dir)], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, `cem analyze failed:\n${run.stdout}\n${run.stderr}`);
    return readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** Non-test, non-style TypeScript files of the element's folder, plus the modules of its superclasses. */
function sourceFiles(manifest: Manifest, modulePath: string, decl: Declaration): string[] {
  const folder = dirname(modulePath);
  const own = readdirSync(join(root, folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('styles'))
    .map((f) => `${folder}/${f}`);
  const chain: string[] = [];
  let superclass = decl.superclass;
  while (superclass?.module && !superclass.module.includes('node_modules')) {
    const path = superclass.module.replace(/^\//, '').replace(/\.js$/, '.ts');
    chain.push(path);
    const parent = manifest.modules.find((m) => m.path === path)?.declarations?.find((d) => d.name === superclass!.name);
    superclass = parent?.superclass;
  }
  return [...new Set([...own, ...chain])];
}

/** Part names in templates: exact names, and prefixes of names built with `${…}` (e.g. `step-${mark}`). */
function templateParts(source: string): { names: Set<string>; prefixes: Set<string> } {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  const literals = (expression: string) => {
    for (const [, text] of expression.matchAll(/'([^']*)'/g)) for (const t of text!.split(/\s+/)) if (t) names.add(t);
  };
  for (const [, value] of source.matchAll(/\spart="([^"]*)"/g)) {
    const expressions: string[] = [];
    const template = value!.replace(/\$\{([^}]*)\}/g, (_, e: string) => {
      expressions.push(e);
      return '\u0000';
    });
    for (const token of template.split(/\s+/)) {
      if (!token) continue;
      if (!token.includes('\u0000')) names.add(token);
      else if (token.indexOf('\u0000') > 0) prefixes.add(token.slice(0, token.indexOf('\u0000')));
    }
    expressions.forEach(literals);
  }
  for (const [, expression] of source.matchAll(/\spart=\$\{([^}]*)\}/g)) literals(expression!);
  return { names, prefixes };
}

const firedEvents = (source: string): string[] => [
  // emit()/fire() are the elements' typed helpers around dispatchEvent(new CustomEvent(…)).
  ...[...source.matchAll(/\b(?:emit|fire)\(\s*[\w.]+,\s*'([\w-]+)'/g)].map((m) => m[1]!),
  ...[...source.matchAll(/new CustomEvent(?:<[^>]*>)?\(\s*'([\w-]+)'/g)].map((m) => m[1]!),
];

const customProperties = (source: string): string[] => [...source.matchAll(/var\(\s*(--lead-[\w-]+)/g)].map((m) => m[1]!);

function allComponentSources(dir = join(root, 'components')): string {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? [allComponentSources(join(dir, e.name))]
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [readFileSync(join(dir, e.name), 'utf8')]
          : [],
    )
    .join('\n');
}

describe('custom elements manifest', () => {
  test('the committed custom-elements.json is what `npm run manifest` generates now', () => {
    assert.ok(existsSync(committedPath), 'custom-elements.json is missing: run npm run manifest');
    const fresh = regenerate();
    assert.equal(read('custom-elements.json'), fresh, 'custom-elements.json is stale: run npm run manifest and commit it');
  });

  const manifest = JSON.parse(read('custom-elements.json')) as Manifest;
  const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ path: m.path, decl: d })));
  const everywhere = allComponentSources();

  test('lists every element that components/ registers', () => {
    const defined = [...everywhere.matchAll(/customElements\.define\(\s*'([\w-]+)'/g)].map((m) => m[1]!).filter((t) => !t.startsWith('late-'));
    assert.deepEqual(elements.map((e) => e.decl.tagName).sort(), [...new Set(defined)].sort());
  });

  for (const { path, decl } of elements) {
    describe(`<${decl.tagName}>`, () => {
      const files = sourceFiles(manifest, path, decl);
      const source = files.map(read).join('\n');

      test('has a summary', () => {
        assert.ok((decl.summary ?? '').trim().length > 10, `${decl.name} needs a @summary`);
      });

      test('documents every event it fires (@fires), and fires (or forwards) every event it documents', () => {
        const documented = new Set((decl.events ?? []).map((e) => e.name));
        const missing = [...new Set(firedEvents(source))].filter((n) => !documented.has(n));
        assert.deepEqual(missing, [], `undocumented events of <${decl.tagName}> (in ${files.join(', ')})`);
        // Names passed through a variable (fire(this, name)) still appear as literals in the element's sources.
        const named = (n: string) => source.includes(`'${n}'`) || firedEvents(everywhere).includes(n);
        assert.deepEqual(
          [...documented].filter((n) => !named(n)),
          [],
          `documented events of <${decl.tagName}> that nothing fires`,
        );
        for (const e of decl.events ?? []) assert.ok((e.description ?? '').length > 0, `event ${e.name} needs a description`);
      });

      test('documents every part in its templates (@csspart), and every documented part exists', () => {
        const { names, prefixes } = templateParts(source);
        const documented = decl.cssParts ?? [];
        const docNames = new Set(documented.map((p) => p.name));
        const mentioned = (name: string) => documented.some((p) => (p.description ?? '').includes(`\`${name}`));
        const undocumented = [...names].filter((n) => !docNames.has(n) && !mentioned(n));
        assert.deepEqual(undocumented, [], `undocumented parts of <${decl.tagName}>`);
        const undocumentedFamilies = [...prefixes].filter((p) => ![...docNames].some((n) => n.startsWith(p)) && !mentioned(p));
        assert.deepEqual(undocumentedFamilies, [], `undocumented part families of <${decl.tagName}> (name them in a @csspart description)`);
        const stale = [...docNames].filter((n) => !names.has(n) && ![...prefixes].some((p) => n.startsWith(p)));
        assert.deepEqual(stale, [], `documented parts not in any template of <${decl.tagName}>`);
      });

      test('documents every --lead-* custom property its styles read (@cssprop), and reads every one it documents', () => {
        const styleFiles: string[] = [...new Set(files.flatMap((f) => styleModules(f) as string[]))];
        const used = new Set(customProperties([...files, ...styleFiles].map(read).join('\n')));
        const documented = new Set((decl.cssProperties ?? []).map((p) => p.name));
        assert.deepEqual(
          [...used].filter((n) => !documented.has(n)).sort(),
          [],
          `undocumented custom properties of <${decl.tagName}> (styles: ${styleFiles.join(', ')})`,
        );
        assert.deepEqual([...documented].filter((n) => !used.has(n)).sort(), [], `documented custom properties <${decl.tagName}> never reads`);
      });
    });
  }
});
