/**
 * A seeded lead's `soldAt` is what the rules would have written (src/rules commands/progress.ts
 * and close.ts, "contract 4" in test/node/rules): the time Sold was last ticked, moved when Sold
 * is ticked again, 0 once Sold is cleared, and the close's time when Close Won finds no sale.
 * Reports (<sales-report>) read soldAt, so demo and benchmark data must get it right.
 *
 * The expected value is derived here from the lead's own progress passes with the rules'
 * latestPassPerStep ("any reporting will use the most recent time that Progress step was
 * selected") and its close state, independently of how the generator computes it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { ActivityDoc, LeadDoc, ProgressPass } from '../../../src/model/index.js';
import { latestPassPerStep } from '../../../src/rules/index.js';
import { generateDealership } from '../../../src/seed/index.js';
import type { Dealership, SeedOptions } from '../../../src/seed/index.js';

const NOW = Date.UTC(2025, 8, 3, 10, 15);
const options: SeedOptions = { seed: 'sold-at', dealershipId: 'quay-motors', leads: 400, now: NOW };
const data = generateDealership(options);

function passesByLead(d: Dealership): Map<string, ProgressPass[]> {
  const out = new Map<string, ProgressPass[]>();
  for (const a of d.activity) if (a.kind === 'progress-pass') out.set(a.leadId, [...(out.get(a.leadId) ?? []), a]);
  return out;
}

/** soldAt as the rules define it, from the lead's passes and its close. */
function expectedSoldAt(lead: LeadDoc, passes: readonly ProgressPass[], soldStepId: string): number {
  const sold = soldStepId === '' ? undefined : latestPassPerStep(passes)[soldStepId];
  if (sold) return sold.at;
  return lead.status === 'closed' && lead.outcome === 'won' ? lead.closedAt : 0;
}

/** The audit entry of the command that last set soldAt (the clock a merge compares). */
function soldAtCommand(lead: LeadDoc, passes: readonly ProgressPass[], soldStepId: string, activity: Map<string, ActivityDoc>): ActivityDoc | undefined {
  const sold = passes.filter((p) => p.stepId === soldStepId).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const last = sold[sold.length - 1];
  const wonWithoutSale = lead.outcome === 'won' && (!last || last.action === 'cleared');
  if (wonWithoutSale) return [...activity.values()].find((a) => a.kind === 'audit' && a.leadId === lead.id && a.action === 'close-won');
  return last ? activity.get(`activity:${last.commandId}:audit`) : undefined;
}

function checkEveryLead(d: Dealership): void {
  const passes = passesByLead(d);
  const soldStepId = d.policy.soldStepId;
  const activity = new Map(d.activity.map((a) => [a.id, a]));
  for (const lead of d.leads) {
    const own = passes.get(lead.id) ?? [];
    assert.equal(lead.soldAt, expectedSoldAt(lead, own, soldStepId), `${lead.id} (${lead.status} ${lead.outcome})`);
    const setBy = soldAtCommand(lead, own, soldStepId, activity);
    const expectedClock = setBy ? setBy.at : lead.createdAt;
    assert.equal(lead.clock.soldAt?.at, expectedClock, `${lead.id}: soldAt's clock is the command that set it`);
  }
}

describe('seed: soldAt follows the rules (progress Sold, Close Won)', () => {
  const passes = passesByLead(data);
  const soldStepId = data.policy.soldStepId;
  const soldPasses = (lead: LeadDoc) => (passes.get(lead.id) ?? []).filter((p) => p.stepId === soldStepId).sort((a, b) => a.at - b.at);

  test('every lead: soldAt is the latest Sold tick, 0 after Sold is cleared, the close when Close Won found no sale', () => {
    checkEveryLead(data);
  });

  test('the dealership includes every case: Sold ticked again, Sold cleared, Close Won with and without a Sold tick', () => {
    const leads = data.leads;
    const tickedAgain = leads.filter((l) => soldPasses(l).filter((p) => p.action === 'checked').length > 1 && soldPasses(l).at(-1)?.action === 'checked');
    const clearedLast = leads.filter((l) => soldPasses(l).at(-1)?.action === 'cleared');
    const won = leads.filter((l) => l.outcome === 'won');
    const wonAfterSold = won.filter((l) => soldPasses(l).at(-1)?.action === 'checked');
    const wonWithoutSold = won.filter((l) => soldPasses(l).length === 0);
    const counts = {
      tickedAgain: tickedAgain.length,
      clearedLast: clearedLast.length,
      wonAfterSold: wonAfterSold.length,
      wonWithoutSold: wonWithoutSold.length,
    };
    for (const [name, n] of Object.entries(counts)) assert.ok(n >= 3, `${name}: ${JSON.stringify(counts)}`);
    // Ticked again: the sale moved to the later tick.
    for (const l of tickedAgain) assert.ok(l.soldAt > soldPasses(l)[0]!.at, l.id);
    // Cleared: no sale, open or lost.
    for (const l of clearedLast) assert.ok(l.soldAt === 0 && l.outcome !== 'won', l.id);
    for (const l of wonAfterSold) assert.ok(l.soldAt > 0 && l.soldAt < l.closedAt, l.id);
    for (const l of wonWithoutSold) assert.equal(l.soldAt, l.closedAt, l.id);
    assert.ok(
      leads.some((l) => l.status === 'open' && l.soldAt > 0),
      'some leads are sold and still open',
    );
  });

  test('a company without a sold step: only Close Won records a sale, at the close', () => {
    const noSoldStep = generateDealership({ ...options, seed: 'sold-at-no-step', leads: 250, policy: { soldStepId: '' } });
    checkEveryLead(noSoldStep);
    const won = noSoldStep.leads.filter((l) => l.outcome === 'won');
    assert.ok(won.length > 5);
    for (const l of noSoldStep.leads) assert.equal(l.soldAt, l.outcome === 'won' ? l.closedAt : 0, l.id);
  });

  test('deterministic: the same seed gives the same dealership, another seed another one', () => {
    const sha = (d: Dealership): string => createHash('sha256').update(JSON.stringify(d)).digest('hex');
    assert.equal(sha(generateDealership(options)), sha(data));
    assert.notEqual(sha(generateDealership({ ...options, seed: 'sold-at-2' })), sha(data));
  });
});
