/** The tests of another-tab.test.ts, kept apart so the other tab's iframe never loads mocha or chai. */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../../components/lead-store/define.js';
import '../../../components/lead-progress/define.js';
import '../../../components/lead-activity/define.js';
import '../../../components/lead-interest/define.js';
import '../../../components/close-lost-dialog/define.js';
import type { LeadStoreElement } from '../../../components/lead-store/lead-store.component.js';
import { otherTabTests, runInOtherTab, type OpenOtherTab } from '../support/another-tab.js';
import { shadow, text, until } from './fixture.js';

export function defineSuite(openOtherTab: OpenOtherTab): void {
  const tabs = otherTabTests(openOtherTab);

  describe('the same lead changed in another tab (a same-origin iframe on the same IndexedDB database)', () => {
    it('updates <lead-progress>, <lead-interest> and <lead-activity> live, keeping the unsaved tick and the typed note', async function () {
      this.timeout(30000);
      const fx = await tabs.fixture();
      const host = await mount<LeadStoreElement>(
        html`<lead-store .store=${fx.store}>
          <lead-progress lead-id=${fx.leadId}></lead-progress>
          <lead-interest lead-id=${fx.leadId}></lead-interest>
          <lead-activity lead-id=${fx.leadId}></lead-activity>
        </lead-store>`,
      );
      const progress = host.querySelector('lead-progress')!;
      const interest = host.querySelector('lead-interest')!;
      const activity = host.querySelector('lead-activity')!;
      const step = (id: string) => shadow(progress).querySelector<HTMLButtonElement>(`.step[data-step="${id}"]`)!;
      await until(() => step('finance') && shadow(interest).querySelector('input') && shadow(activity).querySelector('li'), 'elements rendered');

      // The user starts working: an unsaved tick and a note being typed.
      step('finance').click();
      const note = shadow(progress).querySelector('textarea')!;
      note.focus();
      note.value = 'Customer wants the hybrid';
      note.dispatchEvent(new Event('input'));
      await progress.updateComplete;

      const other = await tabs.open(fx.database, 'mia');
      await runInOtherTab(other, {
        type: 'update-progress',
        leadId: fx.leadId,
        update: { check: ['test-drive'], clear: [], note: 'Drove it in the other tab' },
      });
      await runInOtherTab(other, { type: 'set-interest', leadId: fx.leadId, interest: 'hot' });

      await until(() => step('test-drive').dataset['mark'] === 'saved', 'the other tab’s step shown as saved');
      expect(text(shadow(progress).querySelector('[part="current"]'))).to.equal('Progress: Test Drive');
      await until(() => shadow(interest).querySelector<HTMLInputElement>('input[value="hot"]')!.checked, 'the other tab’s interest shown');
      await until(() => text(shadow(activity).querySelector('[part~="list"]')).includes('Progress: Test Drive ticked'), 'the pass in the activity');
      expect(text(shadow(activity).querySelector('[part~="list"]'))).to.contain('Drove it in the other tab');

      // Nothing the user was doing is lost.
      expect(step('finance').dataset['mark']).to.equal('pending-check');
      expect(shadow(progress).querySelector('textarea')!.value).to.equal('Customer wants the hybrid');
      expect(shadow(progress).activeElement).to.equal(shadow(progress).querySelector('textarea'));

      // Saving now keeps both: the other tab's pass and this one.
      shadow(progress).querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
      await until(() => shadow(progress).querySelector('[part~="prompt"]'), 'saved here');
      expect(step('finance').dataset['mark']).to.equal('saved');
      expect(step('test-drive').dataset['mark']).to.equal('saved');
    });

    it('a lead closed in the other tab turns this tab’s Close Lost and progress unavailable, with the reason', async function () {
      this.timeout(30000);
      const fx = await tabs.fixture();
      const host = await mount<LeadStoreElement>(
        html`<lead-store .store=${fx.store}>
          <close-lost-dialog lead-id=${fx.leadId}></close-lost-dialog>
          <lead-progress lead-id=${fx.leadId}></lead-progress>
        </lead-store>`,
      );
      const dialog = host.querySelector('close-lost-dialog')!;
      const progress = host.querySelector('lead-progress')!;
      const trigger = () => shadow(dialog).querySelector<HTMLButtonElement>('[part="trigger"]');
      await until(() => trigger()?.getAttribute('aria-disabled') === 'false' && shadow(progress).querySelector('.step'), 'available');

      const other = await tabs.open(fx.database, 'mia');
      await runInOtherTab(other, {
        type: 'close-lost',
        leadId: fx.leadId,
        choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
      });

      await until(() => trigger()?.getAttribute('aria-disabled') === 'true', 'Close Lost unavailable');
      expect(text(shadow(dialog).querySelector('[part="unavailable"]'))).to.equal('This lead is already closed.');
      await until(() => shadow(progress).querySelector('[part="unavailable"]'), 'progress unavailable');
      expect(shadow(progress).querySelector('.step')!.getAttribute('aria-disabled')).to.equal('true');
    });
  });
}
