/**
 * A change written straight on the CouchDB server (raw HTTP, as another device's sync or another
 * system would) reaches `<lead-progress>` and `<lead-activity>` live through the sync layer, while
 * the user is typing a progress note: the text, the unsaved tick and the focus stay.
 *
 * The server documents are made by the rules' own decide() (what another device's store would
 * write), so they are complete and valid; only their transport is raw.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { firstValueFrom, filter } from 'rxjs';
import '../../../components/shared/enable-sync.js';
import '../../../components/lead-store/define.js';
import '../../../components/lead-progress/define.js';
import '../../../components/lead-activity/define.js';
import type { LeadStoreElement } from '../../../components/lead-store/lead-store.component.js';
import { stopSharedSync } from '../../../components/shared/shared-sync.js';
import type { Actor, LeadDoc } from '../../../src/model/index.js';
import { decide } from '../../../src/rules/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from './fixture.js';

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
  const name = `fc-live-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
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

/** Another device's progress update, decided by the rules and written on the server with _bulk_docs. */
async function progressFromAnotherDevice(leadId: string, stepId: string, note: string): Promise<void> {
  const stored = (await serverDoc(leadId))!;
  const { _id, _rev, ...rest } = stored;
  const lead = { id: _id, ...rest } as unknown as LeadDoc;
  const store = fx!.store;
  const actor: Actor = { userId: 'mia', dealershipId: DEALERSHIP, roles: ['manager'], managerId: '', deviceId: 'device-on-the-lot' };
  const decided = decide(
    { type: 'update-progress', leadId, update: { check: [stepId], clear: [], note } },
    { policy: await firstValueFrom(store.policy$), users: await firstValueFrom(store.users$), lead, events: [] },
    { actor, now: Date.now(), commandId: `lot-${Math.random().toString(36).slice(2, 10)}` },
  );
  if (!decided.ok) throw new Error(`the rules refused the other device's update: ${decided.error.code}`);
  const docs = [...decided.value.leads, ...decided.value.activity, ...decided.value.events].map(({ id, ...body }) => ({
    _id: id,
    ...(id === leadId ? { _rev } : {}),
    ...body,
  }));
  const res = await fetch(`${server.url}/${remoteDb}/_bulk_docs`, { method: 'POST', headers: json, body: JSON.stringify({ docs }) });
  const rows = (await res.json()) as { id: string; ok?: boolean; error?: string }[];
  expect(rows.filter((r) => !r.ok), 'every document written on the server').to.deep.equal([]);
}

afterEach(async () => {
  document.body.replaceChildren();
  if (fx) await Promise.race([stopSharedSync(fx.store), new Promise((r) => setTimeout(r, 3000))]);
  await fx?.remove();
  fx = undefined;
  if (remoteDb) await fetch(`${server.url}/${remoteDb}`, { method: 'DELETE', headers: admin });
  remoteDb = '';
});

describe('a change written on the server', () => {
  it('reaches <lead-progress> and <lead-activity> live through sync while the user types a progress note; the text, the unsaved tick and the focus stay', async function () {
    this.timeout(40000);
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
        <lead-progress lead-id=${fx.leadId}></lead-progress>
        <lead-activity lead-id=${fx.leadId}></lead-activity>
      </lead-store>`,
    );
    const progress = host.querySelector('lead-progress')!;
    const activity = host.querySelector('lead-activity')!;
    const step = (id: string) => shadow(progress).querySelector<HTMLButtonElement>(`.step[data-step="${id}"]`)!;
    await until(() => progress.sync && step('finance'), 'progress with sync');
    const leadId = fx.leadId;
    await until(async () => (await serverDoc(leadId)) !== null, 'the lead uploaded', 15000);

    // The user is mid-update: a red tick and a half-typed note, the caret in the note.
    step('finance').click();
    await progress.updateComplete;
    const note = shadow(progress).querySelector('textarea')!;
    note.focus();
    note.value = 'Partner wants to see the hybrid';
    note.dispatchEvent(new Event('input'));
    note.setSelectionRange(7, 7);
    await progress.updateComplete;

    await progressFromAnotherDevice(leadId, 'test-drive', 'Test drive booked from the lot');

    await until(() => step('test-drive').dataset['mark'] === 'saved', 'the server change in <lead-progress>', 15000);
    expect(text(shadow(progress).querySelector('[part="current"]'))).to.equal('Progress: Test Drive');
    await until(() => text(shadow(activity).querySelector('[part~="list"]')).includes('Progress: Test Drive ticked'), 'the pass in <lead-activity>', 15000);
    expect(text(shadow(activity).querySelector('[part~="list"]'))).to.contain('Test drive booked from the lot');

    const kept = shadow(progress).querySelector('textarea')!;
    expect(kept).to.equal(note);
    expect(kept.value).to.equal('Partner wants to see the hybrid');
    expect(shadow(progress).activeElement).to.equal(kept);
    expect(kept.selectionStart).to.equal(7);
    expect(step('finance').dataset['mark']).to.equal('pending-check');
    expect(step('phone-call-made').dataset['mark']).to.equal('saved');

    // Saving then keeps the server's pass and adds this user's.
    shadow(progress).querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    await until(() => shadow(progress).querySelector('[part~="prompt"]'), 'saved');
    const local = await firstValueFrom(fx.store.lead$(leadId).pipe(filter((l): l is LeadDoc => !!l && !!l.steps['finance']?.checked)));
    expect(Object.keys(local.steps).filter((id) => local.steps[id]!.checked).sort()).to.deep.equal(['finance', 'phone-call-made', 'test-drive']);
    await until(async () => ((await serverDoc(leadId))?.['steps'] as LeadDoc['steps'] | undefined)?.['finance']?.checked === true, 'this save on the server', 15000);
  });
});
