import { expect, fixture as mount, html } from '@open-wc/testing';
import '../lead-store/define.js';
import './define.js';
import type { SyncStatusElement } from './sync-status.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});

describe('<sync-status>', () => {
  it('says "Local only" when the store does not sync, and is accessible', async () => {
    fx = await fixture();
    const host = await mount<LeadStoreElement>(html`<lead-store .store=${fx.store}><sync-status></sync-status></lead-store>`);
    const el = host.querySelector('sync-status')!;
    await until(() => el.store === fx.store, 'provided');
    expect(el.state).to.equal('none');
    expect(text(shadow(el).querySelector('[part="state"]'))).to.equal('Local only');
    expect(shadow(el).querySelector('[role="status"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('works with no provider', async () => {
    fx = await fixture();
    const el = await mount<SyncStatusElement>(html`<sync-status dealership=${DEALERSHIP} database=${fx.database}></sync-status>`);
    await until(() => el.store === fx.store, 'alone');
    expect(text(shadow(el).querySelector('[part="state"]'))).to.equal('Local only');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-sync-store');
    document.body.append(wrapper);
    const el = document.createElement('sync-status');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-sync-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store, 'the late provider');
  });
});
