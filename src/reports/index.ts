export * from './closed-lost.js';
export * from './periods.js';
export * from './csv.js';
export * from './source.js';
