/**
 * forecourt's framework-free core (`forecourt/core`): the shared model, the rules, the local-first
 * store and its CouchDB sync. No Lit, no DOM: it runs in a page, a worker or Node.
 */
export * from './model/index.js';
export * from './rules/index.js';
export type * from './store/api.js';
export { createStore, openSharedStore } from './store/store.js';
export { startSync } from './sync/sync.js';
export type { SyncAuth, SyncHandle, SyncOptions, SyncState, SyncStatus } from './sync/sync.js';
export { pushPolicyToServer } from './sync/push-policy.js';
export type { PolicyPushed, PolicyTarget } from './sync/push-policy.js';
