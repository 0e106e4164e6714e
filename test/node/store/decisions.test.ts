/**
 * Two managers decide one close-lost request on two devices before either hears of the other.
 * Two memory stores stand in for the devices; their documents are then exchanged the way the
 * sync's conflict handler does it (the rules' merges for a document both hold, the others as
 * they are). The request and the lead keep the earlier decision, no document is lost, and the
 * later decision's audit entry and notice to the requester read as not applied on both devices,
 * whichever device hears of the other first.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { ActivityDoc, CalendarEventDoc, CloseRequest, CompanyPolicy, LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { mergeActivity, mergeEvents, mergeLeads, overruledBy, overruledDecisions } from '../../../src/rules/index.js';
import { NOW, openTestStore, uniqueName } from './fixtures.js';

const MINUTE = 60_000;
const POLICY: Partial<CompanyPolicy> = { definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification', 'bulk-manage'] };

type Docs = { leads: LeadDoc[]; events: CalendarEventDoc[]; activity: ActivityDoc[] };

async function all<T>(store: LeadStore, collection: string): Promise<T[]> {
  const docs = await store.database.collections[collection]!.find({ sort: [{ id: 'asc' }] }).exec();
  return docs.map((d) => d.toJSON() as T);
}
const docsOf = async (store: LeadStore): Promise<Docs> => ({
  leads: await all<LeadDoc>(store, 'leads'),
  events: await all<CalendarEventDoc>(store, 'events'),
  activity: await all<ActivityDoc>(store, 'activity'),
});

/** What `to` holds after hearing of everything `from` holds: merged where both hold a document. */
async function hear(to: LeadStore, from: LeadStore): Promise<void> {
  const [mine, theirs] = [await docsOf(to), await docsOf(from)];
  const merge = <T extends { id: string }>(own: T[], other: T[], join: (a: T, b: T) => T): T[] => {
    const byId = new Map(own.map((d) => [d.id, d]));
    return other.map((d) => (byId.has(d.id) ? join(byId.get(d.id)!, d) : d));
  };
  await to.importDocuments({
    leads: merge(mine.leads, theirs.leads, (a, b) => mergeLeads(a, b).merged),
    events: merge(mine.events, theirs.events, mergeEvents),
    activity: merge(mine.activity, theirs.activity, mergeActivity),
  });
}

/**
 * rita requests Close Lost on lead:2 at maria's desk (the store acts as rita, then maria); ada's
 * tablet hears of it; then each manager decides it, offline. (Two stores: the free RxDB allows 13
 * open collections per process.)
 */
async function decidedTwice(): Promise<{ mia: LeadStore; ada: LeadStore; requestId: string; approval: string; decline: string; close(): Promise<void> }> {
  let clock = NOW;
  const mia = await openTestStore({ name: uniqueName('mia'), deviceId: 'maria-desk', actor: 'rita', policy: POLICY, now: () => clock });
  const ada = await openTestStore({ name: uniqueName('ada'), deviceId: 'ada-tablet', actor: 'ada', policy: POLICY, now: () => clock });
  const close = async () => {
    for (const s of [mia, ada]) await s.remove();
  };
  try {
    const requested = await mia.execute({
      type: 'close-lost',
      leadId: 'lead:2',
      choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: 'Cheaper across town', contactGroups: [], followUpAt: null },
    });
    assert.ok(requested.ok);
    const requestId = requested.outcome['requestId']!;
    await mia.setActor('maria');
    await hear(ada, mia);
    clock = NOW + MINUTE;
    const approved = await mia.execute({ type: 'decide-close-request', requestId, decision: 'approve' }, { commandId: 'maria-approves' });
    clock = NOW + 2 * MINUTE;
    const declined = await ada.execute(
      { type: 'decide-close-request', requestId, decision: 'decline', declineReason: 'One more call' },
      { commandId: 'ada-declines' },
    );
    assert.ok(approved.ok && declined.ok, 'each device accepts its own decision: it has not heard of the other');
    return { mia, ada, requestId, approval: 'maria-approves', decline: 'ada-declines', close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What a device shows: the request, the lead, rita's decision notices (standing or not) and the lead's overruled commands. */
async function reading(store: LeadStore, requestId: string) {
  const requests = await firstValueFrom(store.closeRequests$({}));
  const request = requests.find((r) => r.id === requestId)!;
  const lead = (await firstValueFrom(store.lead$('lead:2')))!;
  const notices = (await firstValueFrom(store.notifications$('rita')))
    .filter((n) => n.topic === 'close-request-approved' || n.topic === 'close-request-declined')
    .map((n) => `${n.topic} by ${n.actorId}: ${overruledBy(n.commandId, request) ? 'not applied' : 'stands'}`)
    .sort();
  const overruled = [...overruledDecisions(await firstValueFrom(store.activity$('lead:2')), requests).keys()];
  return {
    request: `${request.status} by ${request.decidedBy} (${request.decisionCommandId})`,
    lead: `${lead.status} ${lead.outcome} by ${lead.closedBy}`,
    notices,
    overruled,
  };
}

describe('a close request decided on two devices before either heard of the other', () => {
  for (const order of ['the approver hears first', 'the decliner hears first'] as const) {
    test(`both decisions are kept, the earlier stands on the request and the lead, the later reads as not applied (${order})`, async () => {
      const { mia, ada, requestId, approval, decline, close } = await decidedTwice();
      try {
        if (order === 'the approver hears first') {
          await hear(mia, ada);
          await hear(ada, mia);
        } else {
          await hear(ada, mia);
          await hear(mia, ada);
        }
        const expected = {
          request: `approved by maria (${approval})`,
          lead: 'closed lost by maria',
          notices: ['close-request-approved by maria: stands', 'close-request-declined by ada: not applied'],
          overruled: [decline],
        };
        assert.deepEqual(await reading(mia, requestId), expected, 'on the approver’s device');
        assert.deepEqual(await reading(ada, requestId), expected, 'on the decliner’s device');
        // Nothing is lost: the decline's audit entry and its notice are still there, as history.
        const kept = (await all<ActivityDoc>(mia, 'activity'))
          .filter((a) => a.commandId === decline)
          .map((a) => a.kind)
          .sort();
        assert.deepEqual(kept, ['audit', 'notification']);
        const request = (await all<CloseRequest>(ada, 'activity')).find((a) => a.id === requestId)!;
        assert.equal(request.declineReason, '', 'the request carries only the decision that stood');
      } finally {
        await close();
      }
    });
  }
});
