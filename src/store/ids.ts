/**
 * Random ids from `crypto.getRandomValues`, which (unlike `crypto.randomUUID`) browsers also
 * provide on plain-http origins.
 */
export function randomId(bytes = 16): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let out = '';
  for (const b of buf) out += b.toString(16).padStart(2, '0');
  return out;
}
