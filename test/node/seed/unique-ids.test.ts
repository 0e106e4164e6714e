import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateLeadsInChunks } from '../../../src/seed/index.js';

// Each lead draws from its own 32-bit generator; at this size two leads' streams overlap, and a
// purely random id once collided (99,999 distinct lead ids out of 100,000 for seed 'x').
test('seed: every lead and activity id is distinct at 100,000 leads', () => {
  const leadIds = new Set<string>();
  const activityIds = new Set<string>();
  let leads = 0;
  let activity = 0;
  const options = { seed: 'x', dealershipId: 'big-motors', leads: 100_000, now: Date.UTC(2026, 10, 26, 9), audit: false };
  for (const chunk of generateLeadsInChunks(options, 5000)) {
    for (const lead of chunk.leads) leadIds.add(lead.id);
    for (const entry of chunk.activity) activityIds.add(entry.id);
    leads += chunk.leads.length;
    activity += chunk.activity.length;
  }
  assert.equal(leads, 100_000);
  assert.equal(leadIds.size, leads);
  assert.equal(activityIds.size, activity);
});
