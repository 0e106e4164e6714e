/**
 * <company-settings> with a store that syncs: a save pushes the policy into the server's design
 * document when the sync's user is a server admin, and says an administrator must apply it
 * otherwise. The design document is the small one of test/browser/sync/push-policy.test.ts (the
 * policy literal between its markers), on the real test server.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../shared/enable-sync.js';
import './define.js';
import type { CompanySettingsElement } from './company-settings.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { defaultPolicy, type CompanyPolicy } from '../../src/model/index.js';
import { policyLiteral } from '../../src/sync/policy-literal.js';
import type { SettingsEventMap } from './events.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { ADMIN, SERVER_URL, UNREACHABLE_URL, adminFetch, createRemoteDatabase, endSyncedTest, uniqueName } from '../../test/browser/support/test-server.js';

const validateWith = (policy: CompanyPolicy) =>
  ['function (newDoc, oldDoc, userCtx, secObj) {', `var policy = ${policyLiteral(policy)};`, 'if (!policy) throw { forbidden: "no policy" };', '}'].join('\n');

interface DesignDoc {
  _rev: string;
  validate_doc_update: string;
  forecourt: { dealershipId: string; policyUpdatedAt: number };
}

let fx: Fixture | undefined;
let d = '';
const design = async (): Promise<DesignDoc> => (await adminFetch(`/${d}/_design/forecourt`)).json() as Promise<DesignDoc>;

beforeEach(async () => {
  d = await createRemoteDatabase('settings-motors', {
    design: { validate_doc_update: validateWith(defaultPolicy(DEALERSHIP)), forecourt: { dealershipId: DEALERSHIP, policyUpdatedAt: 0 } },
  });
});

afterEach(async () => {
  await endSyncedTest(fx, d);
  fx = undefined;
});

/** An admin's settings in a page whose store syncs with the server as `username`. */
async function mountSyncing(f: Fixture, username: string, password: string, url = SERVER_URL): Promise<CompanySettingsElement> {
  const host = await mount<LeadStoreElement>(
    html`<lead-store .store=${f.store} server-url=${url} server-database=${d} .credentials=${{ username, password }}
      ><company-settings></company-settings
    ></lead-store>`,
  );
  await until(() => host.handle?.sync, 'the sync');
  const el = host.querySelector('company-settings')!;
  await until(() => el.value && shadow(el).querySelector('form'), 'the settings form');
  return el;
}

/** Makes notes mandatory when closing as lost and saves; resolves with the policy-pushed detail. */
async function requireNotesAndSave(el: CompanySettingsElement): Promise<SettingsEventMap['policy-pushed']> {
  const pushed = new Promise<CustomEvent<SettingsEventMap['policy-pushed']>>((r) => el.addEventListener('policy-pushed', r as EventListener, { once: true }));
  const box = shadow(el).querySelector<HTMLInputElement>('input[name="mandatory-lost"][value="notes"]')!;
  expect(box.checked).to.equal(false);
  box.click();
  await el.updateComplete;
  shadow(el).querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
  return (await pushed).detail;
}

describe('<company-settings> and the server', () => {
  it('company settings update the server design document when the user is a database admin: the saved policy is in validate_doc_update and the status says the server enforces it', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSyncing(fx, ADMIN.username, ADMIN.password);
    const before = await design();
    const detail = await requireNotesAndSave(el);
    expect(detail.outcome.ok, JSON.stringify(detail.outcome)).to.equal(true);
    expect(detail.policy.mandatory.closeLost).to.include('notes');
    const after = await design();
    expect(after._rev).to.not.equal(before._rev);
    expect(after.validate_doc_update).to.include(policyLiteral(detail.policy));
    expect(after.validate_doc_update).to.not.equal(before.validate_doc_update);
    expect(after.forecourt.policyUpdatedAt).to.equal(detail.policy.updatedAt);
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part="status"]'))).to.contain('The server now enforces these settings.');
    await expect(el).to.be.accessible();
  });

  it('a user who is no server admin: saved locally, the readable message says an administrator must apply them, the design document is unchanged', async () => {
    const couchUser = { name: uniqueName('ada'), password: 'pw-ada' };
    const userDoc = { _id: `org.couchdb.user:${couchUser.name}`, name: couchUser.name, password: couchUser.password, type: 'user', roles: [`${d}:admin`] };
    expect((await adminFetch(`/_users/${userDoc._id}`, { method: 'PUT', body: JSON.stringify(userDoc) })).status).to.equal(201);
    fx = await fixture({ actor: 'ada' });
    const el = await mountSyncing(fx, couchUser.name, couchUser.password);
    const before = await design();
    const detail = await requireNotesAndSave(el);
    expect(detail.outcome.ok).to.equal(false);
    expect(!detail.outcome.ok && 'code' in (detail.outcome.error as object) && (detail.outcome.error as { code: string }).code).to.equal('auth/not-admin');
    const after = await design();
    expect(after._rev).to.equal(before._rev);
    expect(after.validate_doc_update).to.equal(before.validate_doc_update);
    const local = (await firstValueFrom(fx.store.policy$)).mandatory.closeLost;
    expect(local, 'the local save stands').to.include('notes');
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part="status"]'))).to.contain('Saved here; a server administrator must apply them to the server.');
    await expect(el).to.be.accessible();
  });

  it('offline (the server cannot be reached): saved locally, the status says they must be applied to the server when back online', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSyncing(fx, ADMIN.username, ADMIN.password, UNREACHABLE_URL);
    const detail = await requireNotesAndSave(el);
    expect(detail.outcome.ok).to.equal(false);
    expect('offline' in detail.outcome && detail.outcome.offline).to.equal(true);
    expect((await firstValueFrom(fx.store.policy$)).mandatory.closeLost, 'the local save stands').to.include('notes');
    await el.updateComplete;
    expect(text(shadow(el).querySelector('[part="status"]'))).to.contain('they will need to be applied to the server when you are back online');
    await expect(el).to.be.accessible();
  });
});
