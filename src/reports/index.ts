export * from './closed-lost.js';
export * from './periods.js';
export * from './csv.js';
export * from './source.js';
export * from './period-label.js';
export * from './sales.js';
export * from './sales-csv.js';
export * from './sales-source.js';
