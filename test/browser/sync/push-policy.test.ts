/**
 * pushPolicyToServer from a page (no Node, no esbuild) against the real server. The generated
 * validator is built in Node (server/design-doc.ts, checked end to end by
 * test/node/sync/push-policy.test.ts); here the design document is a small validate_doc_update
 * of the same shape (the policy literal between its markers, read by the function) so that the
 * page swaps the literal exactly as it would in the real one.
 */
import { expect } from '@open-wc/testing';
import { defaultPolicy, type CompanyPolicy } from '../../../src/model/index.js';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import { policyLiteral } from '../../../src/sync/policy-literal.js';
import { pushPolicyToServer } from '../../../src/sync/push-policy.js';
import { startSync, type SyncHandle } from '../../../src/sync/sync.js';
import { leadDoc } from '../../node/support/documents.js';

declare const __FORECOURT_TEST_SERVER__: string;
const server = JSON.parse(__FORECOURT_TEST_SERVER__) as { url: string; admin: string };
const [adminName, adminPassword] = server.admin.split(':') as [string, string];
const json = { 'Content-Type': 'application/json' };
const asAdmin = { Authorization: `Basic ${btoa(server.admin)}`, ...json };
const T = Date.UTC(2025, 0, 6, 9);
const BY_TYPE = "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** The shape of the generated function: policy literal first, then the check that reads it. */
const validateWith = (policy: CompanyPolicy) =>
  [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    `var policy = ${policyLiteral(policy)};`,
    "if (newDoc._id.indexOf('_design/') === 0) return;",
    "if (newDoc.type === 'lead' && newDoc.status === 'closed' && newDoc.outcome === 'lost' &&",
    "    policy.mandatory.closeLost.indexOf('notes') >= 0 && !newDoc.closeNotes) {",
    "  throw { forbidden: 'close/notes-required: notes are mandatory' };",
    '}',
    '}',
  ].join('\n');

function lead(d: string, n: number): Record<string, unknown> {
  const { id, ...doc } = leadDoc({
    id: `lead:p${n}`,
    dealershipId: d,
    customer: { name: `Policy ${n}`, email: '', phone: '555-0100' },
    vehicle: 'Honda Civic',
    salespersonId: adminName,
    createdAt: T,
    actionAt: T,
    updatedAt: T,
    search: `policy ${n}`,
    clock: { status: { at: T, deviceId: 'seed', by: adminName } },
    commandId: `seed-${n}`,
    updatedBy: adminName,
  });
  return { _id: id, ...doc };
}

describe('pushPolicyToServer from a page', () => {
  let d = '';
  let store: LeadStore | null = null;
  let sync: SyncHandle | null = null;
  const user = { name: unique('sam'), password: 'pw-sam' };
  const designPath = () => `${server.url}/${d}/_design/forecourt`;

  /** A raw HTTP close-lost of lead n (no store, no widget). */
  async function closeLost(n: number, notes: string): Promise<number> {
    const current = (await (await fetch(`${server.url}/${d}/lead:p${n}`, { headers: asAdmin })).json()) as { _rev: string };
    const body = {
      ...lead(d, n),
      _rev: current._rev,
      status: 'closed',
      outcome: 'lost',
      closeReasonId: 'price',
      closeNotes: notes,
      closedAt: T + 1,
      closedBy: adminName,
    };
    return (await fetch(`${server.url}/${d}/lead:p${n}`, { method: 'PUT', headers: asAdmin, body: JSON.stringify(body) })).status;
  }

  beforeEach(async () => {
    d = unique('policy-motors');
    expect((await fetch(`${server.url}/${d}`, { method: 'PUT', headers: asAdmin })).status).to.equal(201);
    const design = {
      language: 'javascript',
      filters: { by_type: BY_TYPE },
      validate_doc_update: validateWith(defaultPolicy(d)),
      forecourt: { dealershipId: d, policyUpdatedAt: 0 },
    };
    expect((await fetch(designPath(), { method: 'PUT', headers: asAdmin, body: JSON.stringify(design) })).status).to.equal(201);
    const docs = [1, 2, 3].map((n) => lead(d, n));
    expect((await fetch(`${server.url}/${d}/_bulk_docs`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ docs }) })).status).to.equal(201);
    const userDoc = { _id: `org.couchdb.user:${user.name}`, name: user.name, password: user.password, type: 'user', roles: [`${d}:admin`] };
    const created = await fetch(`${server.url}/_users/org.couchdb.user:${user.name}`, { method: 'PUT', headers: asAdmin, body: JSON.stringify(userDoc) });
    expect([201, 409]).to.include(created.status);
  });

  afterEach(async () => {
    await sync?.stop();
    await store?.remove();
    sync = null;
    store = null;
  });

  it('through a running sync: close notes become mandatory on the server (raw HTTP without notes refused, with notes accepted)', async () => {
    expect(await closeLost(1, '')).to.equal(201);
    store = await createStore({ dealershipId: d, name: unique('policy-page'), storage: 'indexeddb' });
    sync = startSync(store, { url: server.url, auth: { kind: 'basic', username: adminName, password: adminPassword }, live: false });
    const policy: CompanyPolicy = { ...defaultPolicy(d), mandatory: { closeLost: ['reason', 'notes'], progressNote: false }, updatedAt: T + 5 };
    const result = await pushPolicyToServer(sync, policy);
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    expect(await closeLost(2, '')).to.equal(403);
    expect(await closeLost(3, 'They chose a Mazda')).to.equal(201);
  });

  it('by a user who is no server admin: auth/not-admin, the design document unchanged', async () => {
    const before = (await (await fetch(designPath(), { headers: asAdmin })).json()) as { _rev: string; validate_doc_update: string };
    const policy: CompanyPolicy = { ...defaultPolicy(d), mandatory: { closeLost: ['reason', 'notes'], progressNote: false }, updatedAt: T + 5 };
    const result = await pushPolicyToServer({ url: server.url, database: d, auth: { kind: 'basic', username: user.name, password: user.password } }, policy);
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.error.code).to.equal('auth/not-admin');
    const after = (await (await fetch(designPath(), { headers: asAdmin })).json()) as { _rev: string; validate_doc_update: string };
    expect(after._rev).to.equal(before._rev);
    expect(after.validate_doc_update).to.equal(before.validate_doc_update);
    expect(await closeLost(2, '')).to.equal(201, 'the old policy (notes optional) still holds');
  });
});
