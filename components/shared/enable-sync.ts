/** Turns sync on for every forecourt element: registers src/sync's `startSync` as the starter. */
import { startSync } from '../../src/sync/sync.js';
import { setSyncStarter } from './shared-sync.js';

setSyncStarter((store, options) => startSync(store, options));
