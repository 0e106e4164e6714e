/**
 * Keeps a failed assertion reportable. @web/test-runner 0.20 sends a file's results to Node with
 * structuredClone, a failed assertion's `actual` and `expected` included as they are: when one is a
 * DOM node (`expect(root.activeElement).to.equal(button)`) or a function, the clone throws, the
 * results never arrive, and the whole run waits for testsFinishTimeout without saying which test
 * failed (modernweb-dev/web#2967, fixed only in the runner's Node 22 releases). Imported by the
 * browser test helpers: after each failed test, such values are replaced by a readable description.
 */

const cloneable = (value: unknown): boolean => {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
};

/** `<button#id part="…">` for an element, the node name for other nodes, else JSON or String(). */
export function describeValue(value: unknown): string {
  if (value instanceof Element) {
    const id = value.id ? `#${value.id}` : '';
    const part = value.getAttribute('part');
    const action = value.getAttribute('data-action');
    return `<${value.localName}${id}${part ? ` part="${part}"` : ''}${action ? ` data-action="${action}"` : ''}>`;
  }
  if (value instanceof Node) return value.nodeName;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// Only where mocha runs: the "other tab" iframe imports the same bundle without it.
if (typeof afterEach === 'function') {
  afterEach(function () {
    const error = this.currentTest?.err as (Error & { actual?: unknown; expected?: unknown }) | undefined;
    if (!error) return;
    for (const key of ['actual', 'expected'] as const) {
      if (key in error && !cloneable(error[key])) error[key] = describeValue(error[key]);
    }
  });
}
