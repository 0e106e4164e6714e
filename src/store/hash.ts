/**
 * RxDB's default hash needs `crypto.subtle`, which browsers withhold on plain-http origins other
 * than localhost (RxDB error UT8). RxDB needs a collision-resistant, not a cryptographic, hash:
 * two independent 53-bit halves (cyrb53 with different seeds) give 106 bits.
 */
function cyrb53(input: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < input.length; i++) {
    const ch = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function hashString(input: string): string {
  return cyrb53(input, 0).toString(16).padStart(14, '0') + cyrb53(input, 0x9e3779b9).toString(16).padStart(14, '0');
}

function bytesToString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/** RxDB's HashFunction: `(input: string | ArrayBuffer | Blob) => Promise<string>`. */
export async function hashFunction(input: string | ArrayBuffer | Blob): Promise<string> {
  if (typeof input === 'string') return hashString(input);
  const buffer = input instanceof ArrayBuffer ? input : await input.arrayBuffer();
  return hashString(bytesToString(new Uint8Array(buffer)));
}
