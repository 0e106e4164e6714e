/**
 * A change written straight on the CouchDB server (raw HTTP, as another device's sync or another
 * system would) reaches `<lead-progress>` and `<lead-activity>` live through the sync layer, while
 * the user is typing a progress note: the text, the unsaved tick and the focus stay.
 *
 * The server documents are made by the rules' own decide() (what another device's store would
 * write), so they are complete and valid; only their transport is raw.
 */
import { expect, html } from '@open-wc/testing';
import { firstValueFrom, filter } from 'rxjs';
import '../../../components/lead-progress/define.js';
import '../../../components/lead-activity/define.js';
import type { LeadDoc } from '../../../src/model/index.js';
import { shadow, text, until } from './fixture.js';
import { fromAnotherDevice } from '../support/another-device.js';
import { mountSyncing, syncedFixtures } from '../support/synced-page.js';
import { DEALERSHIP_MEMBERS, remoteDoc } from '../support/test-server.js';

const synced = syncedFixtures('fc-live', { memberRoles: DEALERSHIP_MEMBERS });

describe('a change written on the server', () => {
  it('reaches <lead-progress> and <lead-activity> live through sync while the user types a progress note; the text, the unsaved tick and the focus stay', async function () {
    this.timeout(40000);
    const { fx, remoteDb } = await synced.start({ steps: ['phone-call-made'] });
    const host = await mountSyncing(
      { fx, remoteDb },
      html`<lead-progress lead-id=${fx.leadId}></lead-progress>
        <lead-activity lead-id=${fx.leadId}></lead-activity>`,
    );
    const progress = host.querySelector('lead-progress')!;
    const activity = host.querySelector('lead-activity')!;
    const step = (id: string) => shadow(progress).querySelector<HTMLButtonElement>(`.step[data-step="${id}"]`)!;
    await until(() => progress.sync && step('finance'), 'progress with sync');
    const leadId = fx.leadId;
    await until(async () => (await remoteDoc(remoteDb, leadId)) !== null, 'the lead uploaded', 15000);

    // The user is mid-update: a red tick and a half-typed note, the caret in the note.
    step('finance').click();
    await progress.updateComplete;
    const note = shadow(progress).querySelector('textarea')!;
    note.focus();
    note.value = 'Partner wants to see the hybrid';
    note.dispatchEvent(new Event('input'));
    note.setSelectionRange(7, 7);
    await progress.updateComplete;

    await fromAnotherDevice(
      fx.store,
      remoteDb,
      { type: 'update-progress', leadId, update: { check: ['test-drive'], clear: [], note: 'Test drive booked from the lot' } },
      leadId,
    );

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
    expect(
      Object.keys(local.steps)
        .filter((id) => local.steps[id]!.checked)
        .sort(),
    ).to.deep.equal(['finance', 'phone-call-made', 'test-drive']);
    await until(async () => (await remoteDoc<LeadDoc>(remoteDb, leadId))?.steps['finance']?.checked === true, 'this save on the server', 15000);
  });
});
