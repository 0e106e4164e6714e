export * from './documents.js';
export * from './policy.js';
export * from './errors.js';
export * from './actor.js';
export * from './commands.js';
