/** The tests of live-other-tab.test.ts, kept apart so the other tab's iframe never loads mocha or chai. */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../../components/lead-store/define.js';
import '../../../components/lead-dashboard/define.js';
import type { LeadStoreElement } from '../../../components/lead-store/lead-store.component.js';
import { shadow, text, until } from '../components/fixture.js';
import { otherTabTests, runInOtherTab, type OpenOtherTab } from '../support/another-tab.js';

export function defineSuite(openOtherTab: OpenOtherTab): void {
  const tabs = otherTabTests(openOtherTab);

  describe('<lead-dashboard> and another tab (a same-origin iframe on the same IndexedDB database)', () => {
    it('changes from another tab appear without a reload: a lead updated there shows its new Progress and Interest in its row, a lead created there gets a row, a lead closed there leaves the Open view', async function () {
      this.timeout(40000);
      const fx = await tabs.fixture();
      const host = await mount<LeadStoreElement>(html`<lead-store .store=${fx.store}><lead-dashboard></lead-dashboard></lead-store>`);
      const el = host.querySelector('lead-dashboard')!;
      const leadId = fx.leadId;
      const row = (id: string) => shadow(el).querySelector<HTMLElement>(`.body [role="row"][data-id="${CSS.escape(id)}"]`);
      await until(() => el.page && row(leadId), 'the lead’s row');
      expect(text(row(leadId)!.querySelector('.progress'))).to.contain('No progress yet');

      const other = await tabs.open(fx.database, 'mia');
      await runInOtherTab(other, { type: 'update-progress', leadId, update: { check: ['test-drive'], clear: [], note: 'Drove it in the other tab' } });
      await runInOtherTab(other, { type: 'set-interest', leadId, interest: 'hot' });
      await until(() => text(row(leadId)?.querySelector('.progress')).includes('Test Drive'), 'the other tab’s progress in the row', 10000);
      await until(() => text(row(leadId)?.querySelector('.progress')).includes('Interest: Hot'), 'the other tab’s interest in the row', 10000);

      const created = await runInOtherTab(other, {
        type: 'create-lead',
        lead: {
          customer: { name: 'Quinn Other-Tab', email: 'quinn@example.com', phone: '555-0111' },
          vehicle: '2023 Mazda CX-5',
          source: 'Phone',
          salespersonId: 'sam',
        },
      });
      const newId = created.outcome['leadId']!;
      await until(() => row(newId), 'a row for the lead created in the other tab', 10000);
      expect(text(row(newId)!.querySelector('.customer'))).to.equal('Quinn Other-Tab');
      expect(el.page!.total).to.equal(2);

      await runInOtherTab(other, {
        type: 'close-lost',
        leadId,
        choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
      });
      await until(() => !row(leadId) && el.page?.total === 1, 'the lead closed in the other tab out of the Open view', 10000);
      el.setAttribute('status', 'closed');
      await until(() => text(row(leadId)).includes('Closed · lost'), 'the lead under Closed');
    });
  });
}
