/**
 * `<lead-dashboard>` follows the server: documents written straight on the CouchDB server (raw
 * HTTP, as another device's sync or another system would) reach the dashboard's rows live through
 * the sync layer, without a reload.
 *
 * The server setup and the "another device" writes follow test/browser/components/server-live.test.ts
 * (a test file, so its helpers cannot be imported without running its tests): the documents are
 * made by the rules' own decide(), so they are complete and valid; only their transport is raw.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import '../../../components/shared/enable-sync.js';
import '../../../components/lead-store/define.js';
import '../../../components/lead-dashboard/define.js';
import type { LeadStoreElement } from '../../../components/lead-store/lead-store.component.js';
import { stopSharedSync } from '../../../components/shared/shared-sync.js';
import type { Actor, Command, LeadDoc } from '../../../src/model/index.js';
import { decide } from '../../../src/rules/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../components/fixture.js';

declare const __FORECOURT_TEST_SERVER__: string;
const server = JSON.parse(__FORECOURT_TEST_SERVER__) as { url: string; admin: string };
const [adminName, adminPassword] = server.admin.split(':') as [string, string];
const admin = { Authorization: `Basic ${btoa(server.admin)}` };
const json = { ...admin, 'Content-Type': 'application/json' };

/** The `_changes` filter of server/design-doc.ts (BY_TYPE_FILTER_SOURCE): that module builds with esbuild and cannot load in a page. */
const BY_TYPE = "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";

let fx: Fixture | undefined;
let remoteDb = '';

async function createDealershipDatabase(): Promise<string> {
  const name = `fc-dash-live-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await fetch(`${server.url}/${name}`, { method: 'PUT', headers: admin });
  expect(created.status).to.be.oneOf([201, 202]);
  const security = await fetch(`${server.url}/${name}/_security`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ admins: { names: [], roles: [] }, members: { names: [], roles: [`${DEALERSHIP}:salesperson`, `${DEALERSHIP}:manager`] } }),
  });
  expect(security.ok).to.equal(true);
  const design = await fetch(`${server.url}/${name}/_design/forecourt`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ language: 'javascript', filters: { by_type: BY_TYPE } }),
  });
  expect(design.status).to.be.oneOf([201, 202]);
  return name;
}

async function serverDoc(id: string): Promise<Record<string, unknown> | null> {
  const res = await fetch(`${server.url}/${remoteDb}/${encodeURIComponent(id)}`, { headers: admin });
  return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
}

/** Another device's command on `lead` (null: a new lead), decided by the rules and written on the server with _bulk_docs. */
async function fromAnotherDevice(command: Command, leadId: string | null): Promise<Record<string, string>> {
  let lead: LeadDoc | undefined;
  let rev: string | undefined;
  if (leadId) {
    const { _id, _rev, ...rest } = (await serverDoc(leadId))!;
    lead = { id: _id, ...rest } as unknown as LeadDoc;
    rev = _rev as string;
  }
  const store = fx!.store;
  const actor: Actor = { userId: 'mia', dealershipId: DEALERSHIP, roles: ['manager'], managerId: '', deviceId: 'device-on-the-lot' };
  const decided = decide(
    command,
    { policy: await firstValueFrom(store.policy$), users: await firstValueFrom(store.users$), lead, events: [] },
    { actor, now: Date.now(), commandId: `lot-${Math.random().toString(36).slice(2, 10)}` },
  );
  if (!decided.ok) throw new Error(`the rules refused the other device's ${command.type}: ${decided.error.code}`);
  const docs = [...decided.value.leads, ...decided.value.activity, ...decided.value.events].map(({ id, ...body }) => ({
    _id: id,
    ...(id === leadId ? { _rev: rev } : {}),
    ...body,
  }));
  const res = await fetch(`${server.url}/${remoteDb}/_bulk_docs`, { method: 'POST', headers: json, body: JSON.stringify({ docs }) });
  const rows = (await res.json()) as { id: string; ok?: boolean; error?: string }[];
  expect(
    rows.filter((r) => !r.ok),
    'every document written on the server',
  ).to.deep.equal([]);
  return decided.value.outcome;
}

afterEach(async () => {
  document.body.replaceChildren();
  if (fx) await Promise.race([stopSharedSync(fx.store), new Promise((r) => setTimeout(r, 3000))]);
  await fx?.remove();
  fx = undefined;
  if (remoteDb) await fetch(`${server.url}/${remoteDb}`, { method: 'DELETE', headers: admin });
  remoteDb = '';
});

describe('<lead-dashboard> and changes written on the server', () => {
  it('changes from the server appear without a reload: a lead changed on the server shows its new Progress in its row, a lead created there gets a row', async function () {
    this.timeout(60000);
    fx = await fixture({ steps: ['phone-call-made'] });
    remoteDb = await createDealershipDatabase();
    const host = await mount<LeadStoreElement>(
      html`<lead-store
        .store=${fx.store}
        .credentials=${{ username: adminName, password: adminPassword }}
        server-url=${server.url}
        server-database=${remoteDb}
        auth="basic"
      >
        <lead-dashboard></lead-dashboard>
      </lead-store>`,
    );
    const el = host.querySelector('lead-dashboard')!;
    const leadId = fx.leadId;
    const row = (id: string) => shadow(el).querySelector<HTMLElement>(`.body [role="row"][data-id="${CSS.escape(id)}"]`);
    await until(() => el.sync && el.page && row(leadId), 'the dashboard with sync');
    expect(text(row(leadId)!.querySelector('.progress'))).to.contain('Phone Call Made');
    await until(async () => (await serverDoc(leadId)) !== null, 'the lead uploaded', 15000);

    await fromAnotherDevice({ type: 'update-progress', leadId, update: { check: ['test-drive'], clear: [], note: 'Test drive booked from the lot' } }, leadId);
    await until(() => text(row(leadId)?.querySelector('.progress')).includes('Test Drive'), 'the server’s change in the row', 15000);

    const outcome = await fromAnotherDevice(
      {
        type: 'create-lead',
        lead: {
          customer: { name: 'Rowan From-The-Server', email: 'rowan@example.com', phone: '555-0122' },
          vehicle: '2022 Honda Civic',
          source: 'Walk-in',
          salespersonId: 'sam',
        },
      },
      null,
    );
    const newId = outcome['leadId']!;
    await until(() => row(newId), 'a row for the lead created on the server', 15000);
    expect(text(row(newId)!.querySelector('.customer'))).to.equal('Rowan From-The-Server');
    expect(el.page!.total).to.equal(2);
  });
});
