// Types of chromium.mjs for TypeScript callers (tests, benchmarks).
export function findChromium(): string | undefined;
export function playwrightManagedChromium(cache?: string): string | undefined;
export function ensureChromium(): string;
export const NO_CHROMIUM_MESSAGE: string;
export const CHROMIUM_ARGS: string[];
