/**
 * Demo settings. `npm start` passes the server through Vite's env (VITE_FORECOURT_*); without it
 * the demo is local-only and seeds the browser's IndexedDB. `?mode=test` switches to a separate
 * local database seeded with hostile customer names (escaping fixtures); `?leads=N` sizes a fresh
 * local seed.
 */
import type { SeedOptions } from '../../src/seed/index.js';

type Env = Record<string, string | undefined>;
const env: Env = (import.meta as unknown as { env?: Env }).env ?? {};
const params = new URLSearchParams(location.search);

export const testMode = params.get('mode') === 'test';
export const dealershipId = env.VITE_FORECOURT_DEALERSHIP || 'harbour-motors';
export const companyName = 'Harbour Motors';
/** The CouchDB-compatible server (no database path), '' = local only. Test mode is always local. */
export const serverUrl = testMode ? '' : (env.VITE_FORECOURT_SERVER ?? '').replace(/\/+$/, '');
/** Every demo login shares this password (set by `npm start` when it installs the users). */
export const demoPassword = env.VITE_FORECOURT_PASSWORD || 'forecourt-demo';
export const databaseName = `forecourt-${dealershipId}${testMode ? '-test' : ''}`;

const requestedLeads = Number(params.get('leads'));
export const leadCount = Number.isInteger(requestedLeads) && requestedLeads > 0 ? Math.min(requestedLeads, 100_000) : Number(env.VITE_FORECOURT_LEADS) || 500;

/** The generator's options; the server was seeded with the same seed, so the people match. */
export function seedOptions(now: number): SeedOptions {
  return {
    seed: env.VITE_FORECOURT_SEED || 'harbour-motors-demo',
    dealershipId,
    companyName,
    leads: leadCount,
    now,
    hostileNames: testMode,
  };
}
