import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ActivityDoc, CloseRequest, LeadDoc, NotificationEntry, ProgressPass } from '../../../src/model/index.js';
import { LEAD_MERGED_FIELDS } from '../../../src/model/index.js';
import { actionAt, currentProgressStep, leadSearchText, nextEventAt } from '../../../src/rules/lead.js';
import { closeLostMode, lostNotificationRecipients } from '../../../src/rules/roles.js';
import { RESPONSE_STEPS, ids } from '../../../src/rules/index.js';
import { HOSTILE_NAMES, generateDealership, generateLeadsInChunks } from '../../../src/seed/index.js';
import type { SeedOptions } from '../../../src/seed/index.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 16, 9, 30);
const options: SeedOptions = { seed: 'forecourt', dealershipId: 'harbour-motors', companyName: 'Harbour Motors', leads: 3000, now: NOW };
const sha = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex');

const data = generateDealership(options);
const leadsById = new Map(data.leads.map((l) => [l.id, l]));
const eventsByLead = new Map<string, typeof data.events>();
for (const e of data.events) eventsByLead.set(e.leadId, [...(eventsByLead.get(e.leadId) ?? []), e]);
const activityById = new Map(data.activity.map((a) => [a.id, a]));
const usersById = new Map(data.users.map((u) => [u.userId, u]));
const ofKind = <K extends ActivityDoc['kind']>(kind: K) => data.activity.filter((a): a is Extract<ActivityDoc, { kind: K }> => a.kind === kind);

describe('seed generator: determinism', () => {
  test('the same options give byte-identical output', () => {
    assert.equal(sha(generateDealership(options)), sha(data));
  });

  test('a different seed gives different data', () => {
    assert.notEqual(sha(generateDealership({ ...options, seed: 'other' }).leads), sha(data.leads));
  });

  test('chunked generation streams exactly the same leads, events and activity as the whole', () => {
    for (const size of [7, 1000]) {
      const leads: LeadDoc[] = [];
      const events: typeof data.events = [];
      const activity: ActivityDoc[] = [];
      let expectedOffset = 0;
      for (const chunk of generateLeadsInChunks(options, size)) {
        assert.equal(chunk.offset, expectedOffset);
        assert.ok(chunk.leads.length <= size);
        expectedOffset += chunk.leads.length;
        leads.push(...chunk.leads);
        events.push(...chunk.events);
        activity.push(...chunk.activity);
      }
      assert.equal(sha({ leads, events, activity }), sha({ leads: data.leads, events: data.events, activity: data.activity }));
    }
  });

  test('a prefix of a dealership is the same as a smaller dealership (each lead depends on its index only)', () => {
    const small = generateDealership({ ...options, leads: 50 });
    assert.equal(sha(small.leads), sha(data.leads.slice(0, 50)));
  });

  test('bad sizes are refused with a RangeError', () => {
    assert.throws(() => generateDealership({ ...options, leads: -1 }), RangeError);
    assert.throws(() => generateDealership({ ...options, leads: 1.5 }), RangeError);
    assert.throws(() => generateDealership({ ...options, now: Number.NaN }), RangeError);
  });
});

describe('seed generator: documents agree with the rules', () => {
  test('derived lead fields equal what src/rules computes (progress, next event, action date, search)', () => {
    for (const lead of data.leads) {
      const events = eventsByLead.get(lead.id) ?? [];
      assert.equal(lead.progressStepId, currentProgressStep(lead.steps), lead.id);
      assert.equal(lead.nextEventAt, nextEventAt(events), lead.id);
      assert.equal(lead.actionAt, actionAt(lead, events), lead.id);
      assert.equal(lead.search, leadSearchText(lead), lead.id);
    }
  });

  test('ids are unique, typed by prefix, and every document belongs to the dealership', () => {
    const ids = new Set<string>();
    const all = [data.policy, ...data.users, ...data.leads, ...data.events, ...data.activity];
    for (const doc of all) {
      assert.ok(!ids.has(doc.id), `duplicate id ${doc.id}`);
      ids.add(doc.id);
      assert.equal(doc.dealershipId, 'harbour-motors');
      const prefix = doc.type === 'policy' ? 'policy' : `${doc.type === 'event' ? 'event' : doc.type}:`;
      assert.ok(doc.id.startsWith(prefix), doc.id);
    }
  });

  test('every calendar event and activity entry references an existing lead and a known user', () => {
    for (const e of data.events) {
      assert.ok(leadsById.has(e.leadId), e.id);
      assert.ok(usersById.has(e.createdBy) && usersById.has(e.assigneeId), e.id);
      if (e.completedAt !== 0) assert.ok(usersById.has(e.completedBy) && e.completedAt >= e.createdAt, e.id);
    }
    for (const a of data.activity) {
      assert.ok(leadsById.has(a.leadId), a.id);
      assert.ok(usersById.has(a.actorId), a.id);
      assert.ok(a.id.startsWith(`activity:${a.commandId}:`), a.id);
    }
  });

  test('nothing happens after now, nothing before the lead was created', () => {
    for (const lead of data.leads) {
      assert.ok(lead.createdAt <= lead.updatedAt && lead.updatedAt <= NOW, lead.id);
      for (const field of LEAD_MERGED_FIELDS) {
        const stamp = lead.clock[field];
        assert.ok(stamp && stamp.at >= lead.createdAt && stamp.at <= lead.updatedAt, `${lead.id} ${field}`);
      }
    }
    for (const a of data.activity) {
      const lead = leadsById.get(a.leadId)!;
      assert.ok(a.at >= lead.createdAt && a.at <= NOW, a.id);
    }
    for (const e of data.events) assert.ok(e.createdAt <= NOW && e.completedAt <= NOW && e.dueAt > e.createdAt, e.id);
  });

  test('every command that last wrote a lead left an audit entry', () => {
    for (const lead of data.leads) {
      const audit = activityById.get(`activity:${lead.commandId}:audit`);
      assert.ok(audit && audit.kind === 'audit' && audit.at === lead.updatedAt && audit.actorId === lead.updatedBy, lead.id);
    }
  });

  test("each step's state points at the progress pass that wrote it", () => {
    for (const lead of data.leads) {
      for (const [stepId, state] of Object.entries(lead.steps)) {
        const pass = activityById.get(state.passId) as ProgressPass | undefined;
        assert.ok(pass && pass.kind === 'progress-pass', `${lead.id} ${stepId}`);
        assert.equal(pass.stepId, stepId);
        assert.equal(pass.action, state.checked ? 'checked' : 'cleared');
        assert.equal(pass.at, state.stamp.at);
        assert.ok(data.policy.progressSteps.some((s) => s.id === stepId));
      }
    }
  });
});

describe('seed generator: realistic shapes the seeds describe', () => {
  const lost = data.leads.filter((l) => l.outcome === 'lost');
  const won = data.leads.filter((l) => l.outcome === 'won');
  const open = data.leads.filter((l) => l.status === 'open');

  test('closed-lost leads carry a reason from the policy and were closed by someone allowed to close', () => {
    assert.ok(lost.length > 0.15 * data.leads.length, `lost ${lost.length}`);
    const offered = new Set(data.policy.lostReasons.filter((r) => !r.retired).map((r) => r.id));
    for (const lead of lost) {
      assert.equal(lead.status, 'closed');
      assert.ok(offered.has(lead.closeReasonId), `${lead.id} reason ${lead.closeReasonId}`);
      assert.ok(lead.closedAt > 0 && lead.closedAt <= NOW && lead.closedBy !== '');
      assert.equal(closeLostMode(usersById.get(lead.closedBy)!, data.policy), 'close', lead.closedBy);
      for (const g of data.policy.defaultLostContactGroups) assert.ok(lead.contactGroups.includes(g));
    }
  });

  test('some closed-lost leads have a Closed Lost Lead Follow Up due within now ± 3 days, and that is their action date', () => {
    const near = lost.filter((l) => l.closeFollowUpAt !== 0 && Math.abs(l.closeFollowUpAt - NOW) <= 3 * DAY);
    assert.ok(near.length >= 10, `near follow-ups: ${near.length}`);
    assert.ok(near.some((l) => l.closeFollowUpAt < NOW) && near.some((l) => l.closeFollowUpAt > NOW));
    for (const lead of near) {
      const followUp = (eventsByLead.get(lead.id) ?? []).find((e) => e.eventType === 'closed-lost-follow-up');
      assert.ok(followUp && followUp.dueAt === lead.closeFollowUpAt && followUp.completedAt === 0, lead.id);
      assert.ok(followUp.createdAt === lead.closedAt, 'the follow-up is created by the close');
      assert.equal(lead.actionAt, lead.closeFollowUpAt, lead.id);
    }
  });

  test('closing lost notified the notification role members, never the closer', () => {
    for (const lead of lost) {
      const closeCommand = lead.clock.closedAt!;
      const notices = ofKind('notification').filter((n) => n.leadId === lead.id && n.topic === 'lead-closed-lost');
      const expected = lostNotificationRecipients(lead.closedBy, lead.dealershipId, data.users, data.policy);
      assert.deepEqual(notices.map((n) => n.recipientId).sort(), expected, lead.id);
      for (const n of notices) assert.ok(n.at === closeCommand.at && n.data.reasonId === lead.closeReasonId);
    }
  });

  test('won leads recorded a sale: mostly Sold before Close Won, some at the close; some sold leads are still open', () => {
    assert.ok(won.length > 0.05 * data.leads.length);
    let soldFirst = 0;
    for (const lead of won) {
      assert.equal(lead.status, 'closed');
      assert.equal(lead.closeReasonId, '');
      assert.ok(lead.soldAt > 0 && lead.soldAt <= lead.closedAt, lead.id);
      if (lead.steps[data.policy.soldStepId]?.checked) soldFirst += 1;
      else assert.equal(lead.soldAt, lead.closedAt, `${lead.id}: Close Won records the sale when progress did not`);
    }
    assert.ok(soldFirst > 0.7 * won.length && soldFirst < won.length, `${soldFirst} of ${won.length}`);
    assert.ok(open.filter((l) => l.soldAt > 0).length > 10);
  });

  test('open leads have no close fields and spread over the dashboard date ranges', () => {
    for (const lead of open) {
      assert.equal(lead.outcome, '');
      assert.equal(lead.closedAt, 0);
      assert.equal(lead.closeReasonId, '');
    }
    const withEvent = open.filter((l) => l.nextEventAt !== 0);
    const overdue = withEvent.filter((l) => l.actionAt <= NOW - 3 * DAY && l.actionAt > NOW - 21 * DAY);
    const stalled = open.filter((l) => l.actionAt <= NOW - 21 * DAY);
    const nowPm3 = open.filter((l) => Math.abs(l.actionAt - NOW) <= 3 * DAY);
    const future = open.filter((l) => l.actionAt > NOW + 3 * DAY);
    for (const [name, set] of Object.entries({ overdue, stalled, nowPm3, future })) assert.ok(set.length > 0.03 * open.length, `${name}: ${set.length}`);
    const events = data.events.filter((e) => leadsById.get(e.leadId)!.status === 'open');
    assert.ok(
      events.some((e) => e.completedAt !== 0),
      'completed events',
    );
    assert.ok(
      events.some((e) => e.completedAt === 0 && e.dueAt < NOW),
      'overdue events',
    );
    assert.ok(
      events.some((e) => e.completedAt === 0 && e.dueAt > NOW),
      'future events',
    );
  });

  test('progress paths are not linear: steps skipped, passed more than once, and cleared', () => {
    const order = data.policy.progressSteps.map((s) => s.id);
    const passes = ofKind('progress-pass');
    const byLead = new Map<string, ProgressPass[]>();
    for (const p of passes) byLead.set(p.leadId, [...(byLead.get(p.leadId) ?? []), p]);
    let skipped = 0;
    let repassed = 0;
    let cleared = 0;
    for (const [, list] of byLead) {
      const checked = list.filter((p) => p.action === 'checked').map((p) => p.stepId);
      if (new Set(checked).size < checked.length) repassed += 1;
      if (list.some((p) => p.action === 'cleared')) cleared += 1;
      const deepest = Math.max(...checked.map((id) => order.indexOf(id)));
      if (order.slice(0, deepest).some((id) => !checked.includes(id))) skipped += 1;
    }
    assert.ok(skipped > 100 && repassed > 20 && cleared > 20, `skipped ${skipped}, repassed ${repassed}, cleared ${cleared}`);
    assert.ok(passes.some((p) => p.via === 'test-drive') && passes.some((p) => p.via === 'appraisal'));
  });

  test('steps ticked as a side effect of a response are the steps src/rules maps that response to', () => {
    const responses = ofKind('progress-pass').filter((p) => p.via !== 'progress');
    assert.deepEqual(new Set(responses.map((p) => p.via)), new Set(Object.keys(RESPONSE_STEPS)));
    for (const p of responses) assert.equal(p.stepId, RESPONSE_STEPS[p.via as keyof typeof RESPONSE_STEPS], p.id);
  });

  test('document ids follow src/rules ids (derived from the command that created them)', () => {
    for (const r of ofKind('close-request')) assert.equal(r.id, ids.closeRequest(r.commandId));
    for (const n of ofKind('notification')) assert.equal(n.id, ids.notification(n.commandId, n.topic, n.recipientId));
    for (const e of data.events) assert.ok(e.id === ids.event(e.commandId) || e.id === ids.followUp(e.commandId), e.id);
    const created = new Set(
      ofKind('audit')
        .filter((a) => a.action === 'create-lead')
        .map((a) => ids.lead(a.commandId)),
    );
    for (const lead of data.leads) assert.ok(created.has(lead.id), lead.id);
  });

  test('calendar events fall due in working hours (quarter hours, 08:00–18:45 UTC) almost always', () => {
    const inHours = data.events.filter((e) => {
      const d = new Date(e.dueAt);
      return d.getUTCHours() >= 8 && d.getUTCHours() <= 18 && d.getUTCMinutes() % 15 === 0 && d.getUTCSeconds() === 0;
    });
    assert.ok(inHours.length > 0.95 * data.events.length, `${inHours.length} of ${data.events.length}`);
  });

  test('interest is spread over Not Set, Cold, Warm and Hot', () => {
    const counts = { 'not-set': 0, cold: 0, warm: 0, hot: 0 };
    for (const l of data.leads) counts[l.interest] += 1;
    for (const [k, n] of Object.entries(counts)) assert.ok(n > 0.08 * data.leads.length, `${k}: ${n}`);
  });

  test('pending close requests: the lead points at a pending request from a permission-role member', () => {
    const requests = ofKind('close-request');
    const pending = requests.filter((r) => r.status === 'pending');
    assert.ok(pending.length > 10 && requests.some((r) => r.status === 'declined') && requests.some((r) => r.status === 'approved'));
    for (const r of pending) {
      assert.equal(leadsById.get(r.leadId)!.closeRequestId, r.id);
      assert.equal(closeLostMode(usersById.get(r.actorId)!, data.policy), 'request');
      const notices = data.activity.filter((a): a is NotificationEntry => a.kind === 'notification' && a.commandId === r.commandId);
      assert.ok(notices.length > 0 && notices.every((n) => n.topic === 'close-request-submitted'));
    }
    for (const lead of data.leads.filter((l) => l.closeRequestId !== '')) {
      const r = activityById.get(lead.closeRequestId) as CloseRequest;
      assert.equal(r.status, 'pending');
      assert.equal(lead.status, 'open');
    }
    for (const r of requests.filter((x) => x.status !== 'pending')) {
      assert.ok(r.decidedAt > r.at && r.decisionCommandId !== '' && usersById.get(r.decidedBy)!.roles.includes('manager'));
    }
  });

  test('sources, vehicles and customers look like a dealership', () => {
    const sources = new Set(data.leads.map((l) => l.source));
    for (const s of ['Website', 'Walk-in', 'Phone', 'AutoTrader', 'CarGurus', 'Facebook', 'Referral']) assert.ok(sources.has(s), s);
    for (const l of data.leads) {
      assert.match(l.vehicle, /^(19|20)\d\d \S+ .+ .+$/);
      assert.match(l.customer.email, /^[a-z0-9.]+@[a-z.]+$/);
      assert.match(l.customer.phone, /^\+44 7700 900\d{3}$/);
      assert.match(l.customer.name, /^[\p{L}' ]+$/u);
    }
  });
});

describe('seed generator: people and fixtures', () => {
  test('one admin, two managers, 6 to 12 salespeople with the capability roles spread', () => {
    const has = (r: string) => data.users.filter((u) => (u.roles as string[]).includes(r));
    assert.equal(has('admin').length, 1);
    assert.equal(has('manager').length, 2);
    assert.ok(has('salesperson').length >= 6 && has('salesperson').length <= 12);
    assert.ok(has('close-lead-lost-permission').length >= 2);
    assert.ok(has('salesperson').some((u) => !u.roles.includes('close-lead-lost-permission')));
    assert.ok(has('receive-closed-lead-as-lost-notification').length >= 1);
    assert.ok(has('receive-closed-lead-as-lost-notification').every((u) => u.roles.includes('manager')));
    assert.ok(has('manager').every((u) => u.roles.includes('bulk-manage')));
    assert.deepEqual(new Set(data.users.map((u) => u.userId)).size, data.users.length);
    for (const u of data.users) if (u.managerId) assert.ok(usersById.get(u.managerId)?.roles.includes('manager'));
    assert.ok(data.policy.definedRoles.includes('close-lead-lost-permission'));
  });

  test('hostile customer names are off by default and on when asked', () => {
    assert.ok(!data.leads.some((l) => /[<>"]/.test(l.customer.name)));
    const hostile = generateDealership({ ...options, leads: 5, hostileNames: true });
    assert.deepEqual(
      hostile.leads.slice(0, HOSTILE_NAMES.length).map((l) => l.customer.name),
      [...HOSTILE_NAMES],
    );
    assert.equal(hostile.leads[0]!.search, leadSearchText(hostile.leads[0]!));
  });

  test('the salesperson count and policy overrides are honoured', () => {
    const d = generateDealership({
      ...options,
      leads: 200,
      salespeople: 6,
      policy: { definedRoles: [], mandatory: { closeLost: ['reason', 'notes'], progressNote: true } },
    });
    assert.equal(d.users.filter((u) => u.roles.includes('salesperson')).length, 6);
    assert.ok(!d.activity.some((a) => a.kind === 'close-request'));
    for (const l of d.leads.filter((x) => x.outcome === 'lost')) assert.ok(l.closeNotes !== '' && l.closeReasonId !== '');
    for (const p of d.activity.filter((a): a is ProgressPass => a.kind === 'progress-pass')) assert.ok(p.note !== '');
    assert.ok(
      d.leads.some((l) => l.outcome === 'lost' && l.closedBy === l.salespersonId),
      'without the permission role salespeople close themselves',
    );
  });
});

describe('seed generator: lean output for benchmarks', () => {
  test('audit: false leaves out only the audit entries', () => {
    const lean = generateDealership({ ...options, leads: 300, audit: false });
    const full = generateDealership({ ...options, leads: 300 });
    assert.equal(sha(lean.leads), sha(full.leads));
    assert.equal(sha(lean.events), sha(full.events));
    assert.ok(!lean.activity.some((a) => a.kind === 'audit'));
    assert.equal(sha(lean.activity), sha(full.activity.filter((a) => a.kind !== 'audit')));
  });
});
