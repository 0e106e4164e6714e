/**
 * One test per rule of validateDocumentWrite, enforced by the real server: a raw HTTP write (no
 * widget, no store) that breaks the rule is refused, the same write by a permitted user (or the
 * compliant write) succeeds. The dealership is installed by the setup command.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setupDealership, type SetupUser } from '../../../server/setup.js';
import { http, makeLead, testServer, uniqueName } from './helpers.js';

const D = uniqueName('rules-motors');
const OTHER = uniqueName('other-motors');
const T = 1_700_000_000_000;
type User = { name: string; password: string } | 'admin';
const u = (name: string): User => ({ name, password: `pw-${name}` });
const sam = u('sam'); // salesperson
const rita = u('rita'); // salesperson with Close Lead Lost Permission
const mia = u('mia'); // manager
const ada = u('ada'); // dealership admin
const olga = u('olga'); // manager of another dealership

const users: SetupUser[] = [
  { name: 'sam', password: 'pw-sam', roles: ['salesperson'] },
  { name: 'rita', password: 'pw-rita', roles: ['salesperson', 'close-lead-lost-permission'] },
  { name: 'mia', password: 'pw-mia', roles: ['manager'] },
  { name: 'ada', password: 'pw-ada', roles: ['admin'] },
];

const path = (id: string) => `${encodeURIComponent(D)}/${encodeURIComponent(id)}`;

/** Writes as `user`, on top of the current revision when the document exists. */
async function write(user: User, doc: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const id = doc._id as string;
  const current = await http('GET', path(id));
  const body = current.status === 200 ? { ...doc, _rev: current.body._rev } : doc;
  return http('PUT', path(id), body, user);
}

async function seed(doc: Record<string, unknown>): Promise<void> {
  const res = await write('admin', doc);
  assert.equal(res.status, 201, `seeding ${doc._id}: ${JSON.stringify(res.body)}`);
}

function lead(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const { id, ...rest } = makeLead(D, n, { updatedBy: 'sam' });
  return { _id: id, ...rest, ...over };
}

const closedLost = (n: number, by: string, over: Record<string, unknown> = {}) =>
  lead(n, { status: 'closed', outcome: 'lost', closeReasonId: 'price', closeNotes: 'Went elsewhere', closedAt: T + 500, closedBy: by, updatedBy: by, ...over });

function activity(id: string, kind: string, actorId: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { _id: id, type: 'activity', dealershipId: D, kind, leadId: 'lead:seed-1', actorId, deviceId: 'dev-1', commandId: id.split(':')[1], at: T, ...extra };
}

const request = (id: string, actor: string, over: Record<string, unknown> = {}) =>
  activity(id, 'close-request', actor, {
    choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: 'n', contactGroups: [], followUpAt: null },
    managerId: '',
    status: 'pending',
    decidedBy: '',
    decidedAt: 0,
    declineReason: '',
    decisionCommandId: '',
    ...over,
  });

const event = (id: string, over: Record<string, unknown> = {}) => ({
  _id: id,
  type: 'event',
  dealershipId: D,
  leadId: 'lead:seed-1',
  eventType: 'follow-up',
  title: 'Call back',
  notes: '',
  dueAt: T + 86_400_000,
  completedAt: 0,
  completedBy: '',
  assigneeId: 'sam',
  createdAt: T,
  createdBy: 'sam',
  commandId: id.split(':')[1],
  updatedAt: T,
  ...over,
});

function refused(res: { status: number; body: any }, code: string): void {
  assert.equal(res.status, 403, `expected a refusal, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error, 'forbidden');
  assert.ok(String(res.body.reason).startsWith(code), `expected ${code}, got ${res.body.reason}`);
}
function accepted(res: { status: number; body: any }): void {
  assert.equal(res.status, 201, `expected the write to pass, got ${res.status} ${JSON.stringify(res.body)}`);
}

describe('the server enforces the rules on raw HTTP writes', () => {
  before(async () => {
    const s = testServer();
    await setupDealership({
      url: s.adminUrl,
      dealershipId: D,
      users,
      policy: { definedRoles: ['close-lead-lost-permission'], mandatory: { closeLost: ['reason', 'notes'], progressNote: true } },
    });
    await setupDealership({ url: s.adminUrl, dealershipId: OTHER, users: [{ name: 'olga', password: 'pw-olga', roles: ['manager'] }] });
    await seed(lead(1));
  });

  test('Close Lead Lost Permission defined: a salesperson cannot close lost, a manager can', async () => {
    await seed(lead(10));
    refused(await write(sam, closedLost(10, 'sam')), 'auth/not-permitted');
    accepted(await write(mia, closedLost(10, 'mia')));
  });

  test('requesting a close (closeRequestId) needs the permission role', async () => {
    await seed(lead(11));
    refused(await write(sam, lead(11, { closeRequestId: 'activity:r11:close-request' })), 'auth/not-permitted');
    accepted(await write(rita, lead(11, { closeRequestId: 'activity:r11:close-request', updatedBy: 'rita' })));
  });

  test('a close request document needs the permission role and starts pending', async () => {
    refused(await write(sam, request('activity:r12:close-request', 'sam')), 'auth/not-permitted');
    refused(await write(rita, request('activity:r12:close-request', 'rita', { status: 'approved', decidedBy: 'rita', decidedAt: T })), 'doc/invalid');
    accepted(await write(rita, request('activity:r12:close-request', 'rita')));
  });

  test('only a manager approves or declines a close request', async () => {
    await seed(request('activity:r13:close-request', 'rita'));
    const decide = (by: string) => request('activity:r13:close-request', 'rita', { status: 'approved', decidedBy: by, decidedAt: T + 10, decisionCommandId: 'd13' });
    refused(await write(sam, decide('sam')), 'auth/not-manager');
    accepted(await write(mia, decide('mia')));
  });

  test('a close request is decided once', async () => {
    await seed(request('activity:r14:close-request', 'rita', { status: 'declined', decidedBy: 'mia', decidedAt: T + 5, decisionCommandId: 'd14' }));
    refused(
      await write(mia, request('activity:r14:close-request', 'rita', { status: 'approved', decidedBy: 'mia', decidedAt: T + 9, decisionCommandId: 'd14b' })),
      'request/already-decided',
    );
    await seed(request('activity:r14b:close-request', 'rita'));
    accepted(await write(mia, request('activity:r14b:close-request', 'rita', { status: 'approved', decidedBy: 'mia', decidedAt: T + 9, decisionCommandId: 'd14c' })));
  });

  test('only its requester withdraws a close request', async () => {
    await seed(request('activity:r15:close-request', 'rita'));
    const withdraw = (by: string) => request('activity:r15:close-request', 'rita', { status: 'withdrawn', decidedBy: by, decidedAt: T + 3, decisionCommandId: 'w15' });
    refused(await write(sam, withdraw('sam')), 'auth/not-permitted');
    accepted(await write(rita, withdraw('rita')));
  });

  test('only a manager reopens a closed lead', async () => {
    await seed(closedLost(16, 'mia'));
    const reopened = (by: string) => lead(16, { updatedBy: by, status: 'open', outcome: '', closeReasonId: '', closeNotes: '', closedAt: 0, closedBy: '' });
    refused(await write(sam, reopened('sam')), 'auth/not-manager');
    accepted(await write(mia, reopened('mia')));
  });

  test('Close Lost mandatory fields: the reason', async () => {
    await seed(lead(17));
    refused(await write(mia, closedLost(17, 'mia', { closeReasonId: '' })), 'close/reason-required');
    accepted(await write(mia, closedLost(17, 'mia')));
  });

  test('Close Lost mandatory fields: the notes', async () => {
    await seed(lead(18));
    refused(await write(mia, closedLost(18, 'mia', { closeNotes: '  ' })), 'close/notes-required');
    accepted(await write(mia, closedLost(18, 'mia')));
  });

  test('the close reason comes from the company list', async () => {
    await seed(lead(19));
    refused(await write(mia, closedLost(19, 'mia', { closeReasonId: 'made-up' })), 'close/reason-unknown');
    accepted(await write(mia, closedLost(19, 'mia', { closeReasonId: 'bought-elsewhere' })));
  });

  test('closedBy and updatedBy name the writer', async () => {
    await seed(lead(20));
    refused(await write(mia, closedLost(20, 'mia', { closedBy: 'sam' })), 'doc/forbidden');
    refused(await write(sam, lead(20, { vehicle: 'Kia EV6', updatedBy: 'mia' })), 'doc/forbidden');
    accepted(await write(sam, lead(20, { vehicle: 'Kia EV6', updatedBy: 'sam' })));
  });

  test('a mandatory progress note: a pass from the progress form needs one', async () => {
    const pass = (note: string) =>
      activity('activity:p21:pass:test-drive', 'progress-pass', 'sam', { stepId: 'test-drive', action: 'checked', note, via: 'progress' });
    refused(await write(sam, pass('')), 'progress/note-required');
    accepted(await write(sam, pass('Drove the RAV4')));
  });

  test('audit entries are append-only, even for their actor', async () => {
    await seed(activity('activity:a22:audit', 'audit', 'sam', { action: 'close-lost', changes: { status: ['open', 'closed'] } }));
    const edited = activity('activity:a22:audit', 'audit', 'sam', { action: 'close-lost', changes: { status: ['open', 'open'] } });
    refused(await write(sam, edited), 'doc/immutable');
    accepted(await write('admin', edited));
  });

  test("another person's notes: nobody writes as someone else, nobody edits a note", async () => {
    const note = (actor: string, text: string) => activity('activity:n23:note', 'note', actor, { text, context: 'note' });
    refused(await write(sam, note('mia', 'I said so')), 'doc/forbidden');
    accepted(await write(mia, note('mia', 'Customer prefers email')));
    refused(await write(sam, note('sam', 'Customer prefers phone')), 'doc/immutable');
  });

  test('a notification is marked read by its recipient only', async () => {
    const n = (readAt: number) =>
      activity('activity:c24:notify:lead-closed-lost:mia', 'notification', 'sam', { recipientId: 'mia', topic: 'lead-closed-lost', data: {}, readAt });
    await seed(n(0));
    refused(await write(sam, n(T + 1)), 'auth/not-permitted');
    accepted(await write(mia, n(T + 1)));
  });

  test('calendar events: the writer creates and completes; a completion stays', async () => {
    refused(await write(sam, event('event:e25', { createdBy: 'mia' })), 'doc/forbidden');
    accepted(await write(sam, event('event:e25')));
    refused(await write(sam, event('event:e25', { completedAt: T + 5, completedBy: 'mia', updatedAt: T + 5 })), 'doc/forbidden');
    accepted(await write(sam, event('event:e25', { completedAt: T + 5, completedBy: 'sam', updatedAt: T + 5 })));
    refused(await write(mia, event('event:e25', { completedAt: 0, completedBy: '', updatedAt: T + 6 })), 'doc/immutable');
  });

  test('documents of another dealership are refused', async () => {
    const { id, ...rest } = makeLead(OTHER, 26, { updatedBy: 'mia' });
    refused(await write(mia, { _id: id, ...rest }), 'auth/other-dealership');
    accepted(await write(mia, lead(26, { updatedBy: 'mia' })));
  });

  test("a user of another dealership cannot reach this dealership's database", async () => {
    // CouchDB answers 403 to an authenticated non-member, PouchDB Server 401
    const read = await http('GET', path('lead:seed-1'), undefined, olga);
    assert.ok(read.status === 401 || read.status === 403, JSON.stringify(read.body));
    const put = await http('PUT', path('lead:seed-27'), lead(27, { updatedBy: 'olga' }), olga);
    assert.ok(put.status === 401 || put.status === 403, JSON.stringify(put.body));
    assert.equal((await http('GET', path('lead:seed-27'))).status, 404);
    assert.equal((await http('GET', path('lead:seed-1'), undefined, sam)).status, 200);
    accepted(await write(mia, lead(27, { updatedBy: 'mia' })));
  });

  test('malformed documents are refused', async () => {
    refused(await write(sam, { _id: 'lead:seed-28', type: 'lead', dealershipId: D, updatedBy: 'sam' }), 'doc/invalid');
    refused(await write(sam, { ...lead(28), interest: 'scorching' }), 'doc/invalid');
    refused(await write(sam, { _id: 'gossip:1', type: 'gossip', dealershipId: D }), 'doc/invalid');
    accepted(await write(sam, lead(28)));
  });

  test('users and the company policy are changed by admins only', async () => {
    const policy = (await http('GET', path('policy'))).body;
    const changed = { ...policy, companyName: 'Renamed Motors', updatedAt: T + 1 };
    refused(await write(mia, changed), 'auth/not-admin');
    accepted(await write(ada, changed));
    const user = { _id: 'user:newbie', type: 'user', dealershipId: D, userId: 'newbie', name: 'New', email: '', roles: ['salesperson'], managerId: '', active: true, updatedAt: T };
    refused(await write(sam, user), 'auth/not-admin');
    accepted(await write(ada, user));
  });

  test('nothing is deleted except by a server admin', async () => {
    await seed(lead(30));
    const rev = (await http('GET', path('lead:seed-30'))).body._rev;
    const asSam = await http('DELETE', `${path('lead:seed-30')}?rev=${rev}`, undefined, sam);
    refused(asSam, 'doc/immutable');
    const asAdmin = await http('DELETE', `${path('lead:seed-30')}?rev=${rev}`);
    assert.equal(asAdmin.status, 200);
  });

  test('design documents are written by server admins only', async () => {
    const res = await http('PUT', path('_design/mine'), { views: {} }, ada);
    assert.ok(res.status === 401 || res.status === 403, `expected a refusal, got ${res.status}`);
    assert.equal((await http('PUT', path('_design/mine'), { views: {} })).status, 201);
  });
});
