/**
 * pushPolicyToServer against the real server and the generated validate_doc_update: a policy an
 * admin saves reaches the server's validation without re-running setup; a non-admin changes
 * nothing; setup afterwards sees nothing to change (same document for the same policy).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPolicy, type CompanyPolicy } from '../../../src/model/index.js';
import { pushPolicyToServer } from '../../../src/sync/push-policy.js';
import { readPolicyLiteral } from '../../../src/sync/policy-literal.js';
import { buildDesignDoc } from '../../../server/design-doc.js';
import { setupDealership } from '../../../server/setup.js';
import { http, makeLead, testServer, uniqueName } from './helpers.js';

const D = uniqueName('policy-motors');
const T = 1_700_000_000_000;
const sam = { name: uniqueName('sam'), password: 'pw-sam' }; // salesperson
const ada = { name: uniqueName('ada'), password: 'pw-ada' }; // forecourt admin, not a CouchDB admin
const path = (id: string) => `${encodeURIComponent(D)}/${encodeURIComponent(id)}`;

function lead(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const { id, ...rest } = makeLead(D, n, { updatedBy: sam.name, salespersonId: sam.name });
  return { _id: id, ...rest, ...over };
}

/** Sam closes lead n as lost by raw HTTP (no store, no widget), with or without notes. */
async function closeLostRaw(n: number, notes: string): Promise<number> {
  const current = await http('GET', path(`lead:seed-${n}`));
  assert.equal(current.status, 200);
  const closed = lead(n, {
    _rev: current.body._rev,
    status: 'closed',
    outcome: 'lost',
    closeReasonId: 'price',
    closeNotes: notes,
    closedAt: T + 500,
    closedBy: sam.name,
    updatedBy: sam.name,
  });
  return (await http('PUT', path(`lead:seed-${n}`), closed, sam)).status;
}

const admin = () => {
  const s = testServer();
  return { url: s.url, database: D, auth: { kind: 'basic' as const, username: s.adminName, password: s.adminPassword } };
};
const notesMandatory = (at: number): CompanyPolicy => ({
  ...defaultPolicy(D),
  mandatory: { closeLost: ['reason', 'notes'], progressNote: false },
  updatedAt: at,
  updatedBy: ada.name,
  stamp: { at, deviceId: 'test', by: ada.name },
});

describe('pushPolicyToServer', () => {
  before(async () => {
    const s = testServer();
    await setupDealership({
      url: s.adminUrl,
      dealershipId: D,
      users: [
        { ...sam, roles: ['salesperson'] },
        { ...ada, roles: ['admin'] },
      ],
    });
    for (let n = 1; n <= 6; n++) assert.equal((await http('PUT', path(`lead:seed-${n}`), lead(n))).status, 201);
  });

  test('a policy making close notes mandatory reaches the server: raw HTTP without notes refused, with notes accepted', async () => {
    assert.equal(await closeLostRaw(1, ''), 201, 'the default policy does not ask for notes');
    const result = await pushPolicyToServer(admin(), notesMandatory(T + 1000));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.changed, true);
    assert.equal(await closeLostRaw(2, ''), 403, 'without notes the server refuses the close');
    assert.equal(await closeLostRaw(3, 'Bought a Honda down the road'), 201, 'with notes it is accepted');
    const again = await pushPolicyToServer(admin(), notesMandatory(T + 1000));
    assert.ok(again.ok && again.value.changed === false, 'the same policy again changes nothing');
  });

  test('a non-admin push (a forecourt admin is no CouchDB admin) is refused as auth/not-admin and changes nothing', async () => {
    const before = (await http('GET', path('_design/forecourt'))).body;
    for (const user of [ada, sam]) {
      const result = await pushPolicyToServer(
        { ...admin(), auth: { kind: 'basic', username: user.name, password: user.password } },
        {
          ...notesMandatory(T + 2000),
          mandatory: { closeLost: [], progressNote: true },
        },
      );
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'auth/not-admin');
    }
    const wrongPassword = await pushPolicyToServer({ ...admin(), auth: { kind: 'basic', username: ada.name, password: 'nope' } }, notesMandatory(T + 2000));
    assert.equal(!wrongPassword.ok && wrongPassword.error.code, 'auth/not-admin');
    const after = (await http('GET', path('_design/forecourt'))).body;
    assert.equal(after._rev, before._rev);
    assert.equal(after.validate_doc_update, before.validate_doc_update);
    assert.equal(await closeLostRaw(4, ''), 403, 'the server still enforces the admin-pushed policy');
  });

  test('after a push, setup with the same policy finds nothing to change (the document setup builds)', async () => {
    const policy = notesMandatory(T + 1000);
    const current = (await http('GET', path('policy'))).body;
    assert.equal((await http('PUT', path('policy'), { ...policy, id: undefined, _id: 'policy', _rev: current._rev })).status, 201);
    const design = (await http('GET', path('_design/forecourt'))).body;
    const built = await buildDesignDoc(D, policy);
    assert.equal(design.validate_doc_update, built.validate_doc_update);
    assert.deepEqual(design.forecourt, built.forecourt);
    const plan = await setupDealership({ url: testServer().adminUrl, dealershipId: D, users: [], dryRun: true });
    assert.deepEqual(
      plan.actions.map((a) => a.description),
      [],
    );
  });

  test('labels with */, </script>, the marker itself and U+2028 stay one literal and reach the server intact', async () => {
    const label = 'Price */ </script> /*forecourt-policy*/ \u2028 end';
    const policy = { ...notesMandatory(T + 3000), lostReasons: defaultPolicy(D).lostReasons.map((r) => (r.id === 'price' ? { ...r, label } : r)) };
    const result = await pushPolicyToServer(admin(), policy);
    assert.ok(result.ok, JSON.stringify(result));
    const source = (await http('GET', path('_design/forecourt'))).body.validate_doc_update as string;
    assert.ok(!source.includes('</script>'));
    assert.equal(readPolicyLiteral(source)?.lostReasons.find((r) => r.id === 'price')?.label, label);
    assert.equal(await closeLostRaw(5, ''), 403, 'the validator still runs and enforces the policy');
    assert.equal(await closeLostRaw(6, 'notes'), 201);
  });

  test('a policy the rules refuse, or one of another dealership, is not pushed', async () => {
    const before = (await http('GET', path('_design/forecourt'))).body._rev;
    const invalid = await pushPolicyToServer(admin(), { ...notesMandatory(T + 4000), progressSteps: [] });
    assert.equal(!invalid.ok && invalid.error.code, 'policy/invalid');
    const other = await pushPolicyToServer(admin(), { ...notesMandatory(T + 4000), dealershipId: 'other-motors' });
    assert.equal(!other.ok && other.error.code, 'auth/other-dealership');
    assert.equal((await http('GET', path('_design/forecourt'))).body._rev, before);
  });
});
