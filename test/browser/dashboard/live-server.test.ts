/**
 * `<lead-dashboard>` follows the server: documents written straight on the CouchDB server (raw
 * HTTP, as another device's sync or another system would) reach the dashboard's rows live through
 * the sync layer, without a reload.
 *
 * The server setup and the "another device" writes are those of test/browser/components/server-live.test.ts
 * (test/browser/support/): the documents are made by the rules' own decide(), so they are complete
 * and valid; only their transport is raw.
 */
import { expect, html } from '@open-wc/testing';
import '../../../components/lead-dashboard/define.js';
import { shadow, text, until } from '../components/fixture.js';
import { fromAnotherDevice } from '../support/another-device.js';
import { mountSyncing, syncedFixtures } from '../support/synced-page.js';
import { DEALERSHIP_MEMBERS, remoteDoc } from '../support/test-server.js';

const synced = syncedFixtures('fc-dash-live', { memberRoles: DEALERSHIP_MEMBERS });

describe('<lead-dashboard> and changes written on the server', () => {
  it('changes from the server appear without a reload: a lead changed on the server shows its new Progress in its row, a lead created there gets a row', async function () {
    this.timeout(60000);
    const { fx, remoteDb } = await synced.start({ steps: ['phone-call-made'] });
    const host = await mountSyncing({ fx, remoteDb }, html`<lead-dashboard></lead-dashboard>`);
    const el = host.querySelector('lead-dashboard')!;
    const leadId = fx.leadId;
    const row = (id: string) => shadow(el).querySelector<HTMLElement>(`.body [role="row"][data-id="${CSS.escape(id)}"]`);
    await until(() => el.sync && el.page && row(leadId), 'the dashboard with sync');
    expect(text(row(leadId)!.querySelector('.progress'))).to.contain('Phone Call Made');
    await until(async () => (await remoteDoc(remoteDb, leadId)) !== null, 'the lead uploaded', 15000);

    await fromAnotherDevice(
      fx.store,
      remoteDb,
      { type: 'update-progress', leadId, update: { check: ['test-drive'], clear: [], note: 'Test drive booked from the lot' } },
      leadId,
    );
    await until(() => text(row(leadId)?.querySelector('.progress')).includes('Test Drive'), 'the server’s change in the row', 15000);

    const outcome = await fromAnotherDevice(
      fx.store,
      remoteDb,
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
