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
    const decide = (by: string) =>
      request('activity:r13:close-request', 'rita', { status: 'approved', decidedBy: by, decidedAt: T + 10, decisionCommandId: 'd13' });
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
    accepted(
      await write(mia, request('activity:r14b:close-request', 'rita', { status: 'approved', decidedBy: 'mia', decidedAt: T + 9, decisionCommandId: 'd14c' })),
    );
  });

  test('only its requester withdraws a close request', async () => {
    await seed(request('activity:r15:close-request', 'rita'));
    const withdraw = (by: string) =>
      request('activity:r15:close-request', 'rita', { status: 'withdrawn', decidedBy: by, decidedAt: T + 3, decisionCommandId: 'w15' });
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
    const user = {
      _id: 'user:newbie',
      type: 'user',
      dealershipId: D,
      userId: 'newbie',
      name: 'New',
      email: '',
      roles: ['salesperson'],
      managerId: '',
      active: true,
      updatedAt: T,
    };
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

  // A close-lost writes the lead and, beside it, an audit entry, a note, notices and a follow-up:
  // each of those is refused to whoever may not make the close, or a refused close would leave
  // them on the server (they are append-only) for every other device to show.
  const closeAudit = (id: string, actor: string, changes: Record<string, unknown> = { status: ['open', 'closed'], reasonId: 'price' }) =>
    activity(id, 'audit', actor, { action: 'close-lost', changes });
  const lostNotice = (id: string, actor: string, recipient: string) =>
    activity(id, 'notification', actor, {
      recipientId: recipient,
      topic: 'lead-closed-lost',
      data: { leadId: 'lead:seed-1', customerName: 'Customer 1', reasonId: 'price', reasonLabel: 'Price', closedBy: actor },
      readAt: 0,
    });

  test("Close Lead Lost Permission defined: a close-lost audit entry is a manager's", async () => {
    refused(await write(sam, closeAudit('activity:a31:audit', 'sam')), 'auth/not-permitted');
    refused(await write(rita, closeAudit('activity:a31:audit', 'rita')), 'auth/not-permitted');
    accepted(await write(mia, closeAudit('activity:a31:audit', 'mia')));
  });

  test("a close request's audit entry needs the permission role", async () => {
    const requested = (actor: string) =>
      closeAudit('activity:a32:audit', actor, { closeRequestId: ['', 'activity:a32:close-request'], mode: 'request', requestId: 'activity:a32:close-request' });
    refused(await write(sam, requested('sam')), 'auth/not-permitted');
    accepted(await write(rita, requested('rita')));
  });

  test("Close Lead Lost Permission defined: a close-lost note is a manager's", async () => {
    const note = (actor: string) => activity('activity:n33:note', 'note', actor, { text: 'Found it cheaper', context: 'close-lost' });
    refused(await write(sam, note('sam')), 'auth/not-permitted');
    refused(await write(rita, note('rita')), 'auth/not-permitted');
    accepted(await write(mia, note('mia')));
  });

  test("Close Lead Lost Permission defined: a 'closed as lost' notification is a manager's", async () => {
    refused(await write(sam, lostNotice('activity:c34:notify:lead-closed-lost:mia', 'sam', 'mia')), 'auth/not-permitted');
    refused(await write(rita, lostNotice('activity:c34:notify:lead-closed-lost:mia', 'rita', 'mia')), 'auth/not-permitted');
    accepted(await write(mia, lostNotice('activity:c34:notify:lead-closed-lost:ada', 'mia', 'ada')));
  });

  test("a 'close request submitted' notification needs the permission role", async () => {
    const submitted = (actor: string) =>
      activity('activity:c35:notify:close-request-submitted:mia', 'notification', actor, {
        recipientId: 'mia',
        topic: 'close-request-submitted',
        data: { leadId: 'lead:seed-1', requestId: 'activity:c35:close-request', customerName: 'Customer 1', reasonId: 'price', requestedBy: actor },
        readAt: 0,
      });
    refused(await write(sam, submitted('sam')), 'auth/not-permitted');
    accepted(await write(rita, submitted('rita')));
  });

  test("Close Lead Lost Permission defined: a close's follow-up event is a manager's (a scheduled one is anyone's)", async () => {
    const followUp = (id: string, by: string) =>
      event(id, { eventType: 'closed-lost-follow-up', title: 'Closed Lost Lead Follow Up', createdBy: by, commandId: 'f36' });
    refused(await write(sam, followUp('event:f36:follow-up', 'sam')), 'auth/not-permitted');
    refused(await write(rita, followUp('event:f36:follow-up', 'rita')), 'auth/not-permitted');
    accepted(await write(mia, followUp('event:f36:follow-up', 'mia')));
    accepted(await write(sam, followUp('event:f36b', 'sam')));
  });

  test('design documents are written by server admins only', async () => {
    const res = await http('PUT', path('_design/mine'), { views: {} }, ada);
    assert.ok(res.status === 401 || res.status === 403, `expected a refusal, got ${res.status}`);
    assert.equal((await http('PUT', path('_design/mine'), { views: {} })).status, 201);
  });
});

describe("the server checks a 'closed as lost' notification when anyone may close lost", () => {
  // No Close Lead Lost Permission: any user may close a lead as lost, so a salesperson's
  // 'closed as lost' notice may be real. The server sees it alone (not the lead it goes with):
  // it can still require the closer to be its writer, the lead to be the one it is on, another
  // person to be told, and a reason the lead could carry.
  const OPEN = uniqueName('open-motors');
  const at = (id: string) => `${encodeURIComponent(OPEN)}/${encodeURIComponent(id)}`;
  const notice = (n: number, over: { recipientId?: string } = {}, data: Record<string, string> = {}) => ({
    _id: `activity:c${n}:notify:lead-closed-lost:${over.recipientId ?? 'mia'}`,
    type: 'activity',
    dealershipId: OPEN,
    kind: 'notification',
    leadId: 'lead:seed-1',
    actorId: 'sam',
    deviceId: 'dev-1',
    commandId: `c${n}`,
    at: T,
    recipientId: 'mia',
    topic: 'lead-closed-lost',
    data: { leadId: 'lead:seed-1', customerName: 'Customer 1', reasonId: 'price', reasonLabel: 'Price', closedBy: 'sam', ...data },
    readAt: 0,
    ...over,
  });
  const put = (user: User, doc: Record<string, unknown>) => http('PUT', at(doc._id as string), doc, user);

  before(async () => {
    await setupDealership({
      url: testServer().adminUrl,
      dealershipId: OPEN,
      users: [
        { name: 'sam', password: 'pw-sam', roles: ['salesperson'] },
        { name: 'mia', password: 'pw-mia', roles: ['manager', 'receive-closed-lead-as-lost-notification'] },
      ],
      policy: { definedRoles: ['receive-closed-lead-as-lost-notification'] },
    });
  });

  test("a 'closed as lost' notification names its writer as the closer", async () => {
    refused(await put(sam, notice(41, {}, { closedBy: 'mia' })), 'doc/forbidden');
    accepted(await put(sam, notice(41)));
  });

  test("a 'closed as lost' notification is about the lead it is on", async () => {
    refused(await put(sam, notice(42, {}, { leadId: 'lead:seed-2' })), 'doc/invalid');
    accepted(await put(sam, notice(42)));
  });

  test("a 'closed as lost' notification never goes to its own closer", async () => {
    refused(await put(sam, notice(43, { recipientId: 'sam' })), 'doc/invalid');
    accepted(await put(sam, notice(43)));
  });

  test("a 'closed as lost' notification carries a reason from the company list", async () => {
    refused(await put(sam, notice(44, {}, { reasonId: 'made-up' })), 'close/reason-unknown');
    accepted(await put(sam, notice(44, {}, { reasonId: 'bought-elsewhere' })));
  });
});
