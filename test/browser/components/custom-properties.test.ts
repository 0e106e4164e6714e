/**
 * Material Web's guard, for forecourt: the styles each element really adopts (its finalized
 * `elementStyles`, shared theme included) may only read `--lead-*` custom properties that the
 * element documents with `@cssprop` (as listed in the committed custom-elements.json), and each
 * must have a fallback so an unthemed page still looks right.
 */
import { expect } from '@open-wc/testing';
import type { CSSResultOrNative, LitElement } from 'lit';
// The library entry registers the elements; those it does not (yet) are imported here.
import '../../../components/all.js';
import '../../../components/close-request-inbox/define.js';

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  cssProperties?: { name: string }[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

async function manifest(): Promise<Declaration[]> {
  const res = await fetch('/custom-elements.json');
  expect(res.ok, 'custom-elements.json is served from the project root').to.equal(true);
  const json = (await res.json()) as Manifest;
  return json.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
}

function cssText(style: CSSResultOrNative): string {
  if (style instanceof CSSStyleSheet) return [...style.cssRules].map((r) => r.cssText).join('\n');
  return style.cssText;
}

function adoptedStyles(tag: string): string {
  const ctor = customElements.get(tag) as (typeof LitElement & { elementStyles?: CSSResultOrNative[] }) | undefined;
  expect(ctor, `<${tag}> is in the manifest but not registered: import its define.ts in components/all.ts (or here)`).to.not.equal(undefined);
  // Lit flattens and finalizes `static styles` into `elementStyles` when the class is finalized.
  (ctor as unknown as { finalize(): void }).finalize();
  return (ctor!.elementStyles ?? []).map(cssText).join('\n');
}

describe('--lead-* custom properties', () => {
  it('every element in the manifest is registered and adopts styles that read only the --lead-* properties it documents', async () => {
    const elements = await manifest();
    expect(elements.length).to.be.greaterThan(8);
    const problems: string[] = [];
    let checked = 0;
    for (const el of elements) {
      const tag = el.tagName!;
      const documented = new Set((el.cssProperties ?? []).map((p) => p.name));
      const used = new Set([...adoptedStyles(tag).matchAll(/var\(\s*(--lead-[\w-]+)/g)].map((m) => m[1]!));
      for (const name of used) {
        checked += 1;
        if (!documented.has(name)) problems.push(`<${tag}> reads ${name} but does not document it (@cssprop)`);
      }
    }
    expect(checked, 'some custom properties were found at all').to.be.greaterThan(20);
    expect(problems).to.deep.equal([]);
  });

  it('gives every --lead-* property a fallback, so an unthemed page looks right', async () => {
    const elements = await manifest();
    const missing: string[] = [];
    for (const el of elements) {
      const css = adoptedStyles(el.tagName!);
      for (const m of css.matchAll(/var\(\s*(--lead-[\w-]+)\s*([,)])/g)) if (m[2] === ')') missing.push(`<${el.tagName}> ${m[1]}`);
    }
    expect(missing).to.deep.equal([]);
  });

  it('documents no --lead-* property that no element reads', async () => {
    const elements = await manifest();
    const used = new Set(elements.flatMap((el) => [...adoptedStyles(el.tagName!).matchAll(/var\(\s*(--lead-[\w-]+)/g)].map((m) => m[1]!)));
    const documented = new Set(elements.flatMap((el) => (el.cssProperties ?? []).map((p) => p.name)));
    expect([...documented].filter((n) => !used.has(n)).sort()).to.deep.equal([]);
  });
});
