// Node benchmark of the seeded generator: streams 100,000 leads in chunks and prints the time
// and the documents produced.   npx tsx bench/seed.ts [leads] [--no-audit]
import { generateLeadsInChunks, generateStaff } from '../src/seed/index.js';

const leads = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const audit = !process.argv.includes('--no-audit');
const options = { seed: 'bench', dealershipId: 'harbour-motors', leads, now: Date.UTC(2025, 5, 16, 9, 30), audit };
const start = performance.now();
const staff = generateStaff(options);
const counts = { leads: 0, events: 0, activity: 0, chunks: 0 };
let bytes = 0;
for (const chunk of generateLeadsInChunks(options, 2000, staff)) {
  counts.chunks += 1;
  counts.leads += chunk.leads.length;
  counts.events += chunk.events.length;
  counts.activity += chunk.activity.length;
  if (counts.chunks === 1) bytes = JSON.stringify(chunk).length / chunk.leads.length;
}
const ms = performance.now() - start;
const heapMb = process.memoryUsage().heapUsed / 1e6;
console.log(
  `seed${audit ? '' : ' (no audit)'}: ${counts.leads.toLocaleString('en')} leads, ${counts.events.toLocaleString('en')} events, ${counts.activity.toLocaleString('en')} activity in ${(ms / 1000).toFixed(2)} s ` +
    `(${Math.round(counts.leads / (ms / 1000)).toLocaleString('en')} leads/s, ~${(bytes / 1024).toFixed(1)} KiB JSON per lead with its documents, heap at end ${heapMb.toFixed(0)} MB)`,
);
