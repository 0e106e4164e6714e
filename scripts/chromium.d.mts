// Types of chromium.mjs for TypeScript callers (tests, benchmarks).
export function findChromium(): string | undefined;
export function ensureChromium(): string;
export const CHROMIUM_ARGS: string[];
