import { expect, fixture as mount, html } from '@open-wc/testing';
import '../lead-store/define.js';
import '../lead-response/define.js';
import './define.js';
import type { LeadActivityElement } from './lead-activity.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { firstValueFrom } from 'rxjs';
import type { ActivityDoc, ResponseKind } from '../../src/model/index.js';
import { decide } from '../../src/rules/decide.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { leadOf, requestFixture, requestOf } from '../../test/browser/managers/helpers.js';

let fx: Fixture;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});

async function mountActivity(f: Fixture): Promise<LeadActivityElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><lead-activity lead-id=${f.leadId}></lead-activity></lead-store>`);
  const el = host.querySelector('lead-activity')!;
  await until(() => shadow(el).querySelector('li'), 'entries');
  return el;
}
const entries = (el: Element) => [...shadow(el).querySelectorAll('li')].map((li) => ({ kind: li.dataset['kind'], text: text(li) }));

describe('<lead-activity>', () => {
  it('lists the audit, notes and every pass through a step, newest first', async () => {
    fx = await fixture();
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['test-drive'], clear: [], note: 'First drive' } });
    // Distinct clock readings, so "newest first" has one right answer.
    await new Promise((r) => setTimeout(r, 20));
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['test-drive'], clear: [], note: 'Second drive' } });
    const el = await mountActivity(fx);
    await until(() => entries(el).filter((e) => e.kind === 'progress-pass').length === 2, 'two passes');
    const list = entries(el);
    const passes = list.filter((e) => e.kind === 'progress-pass');
    for (const p of passes) expect(p.text).to.contain('Progress: Test Drive ticked');
    expect(passes[0]!.text).to.contain('Second drive');
    expect(passes[1]!.text).to.contain('First drive');
    expect(list.filter((e) => e.kind === 'note').map((e) => e.text).join('|')).to.contain('First drive');
    expect(list.filter((e) => e.kind === 'audit').map((e) => e.text).join('|')).to.contain('Updated progress by Sam');
    expect(list[list.length - 1]!.text).to.contain('Created the lead');
    const times = [...shadow(el).querySelectorAll('time')].map((t) => Date.parse(t.getAttribute('datetime')!));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    await expect(el).to.be.accessible();
  });

  it('a Test Drive recorded with <lead-response> shows as a "Test drive note", not a raw context; each kind of response has its own label', async () => {
    fx = await fixture();
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store}>
        <lead-response lead-id=${fx.leadId}></lead-response>
        <lead-activity lead-id=${fx.leadId}></lead-activity>
      </lead-store>`,
    );
    const form = host.querySelector('lead-response')!;
    const el = host.querySelector('lead-activity')!;
    const testDrive = await until(() => shadow(form).querySelector<HTMLInputElement>('input[name="kind"][value="test-drive"]'), 'the response form');
    await until(() => shadow(el).querySelector('li'), 'entries');
    // What a salesperson does: Test Drive, notes, Save ('Update Lead Progress' ticked by default).
    testDrive.click();
    const notes = shadow(form).querySelector<HTMLTextAreaElement>('#notes')!;
    notes.value = 'Drove the RAV4 on the motorway';
    notes.dispatchEvent(new Event('input', { bubbles: true }));
    await form.updateComplete;
    shadow(form).querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    const note = await until(() => entries(el).find((e) => e.kind === 'note'), 'the response note');
    expect(note.text).to.contain('Test drive note by Sam');
    expect(note.text).to.contain('Drove the RAV4 on the motorway');
    expect(note.text).not.to.contain('test-drive');
    expect(entries(el).find((e) => e.kind === 'progress-pass')!.text).to.contain('Progress: Test Drive ticked');
    expect(entries(el).find((e) => e.kind === 'audit')!.text).to.contain('Recorded a response by Sam');

    const labels: Array<[ResponseKind, string]> = [
      ['appraisal', 'Appraisal note'],
      ['email-response', 'Email response note'],
      ['sms-response', 'SMS response note'],
    ];
    for (const [kind] of labels) await fx.run({ type: 'record-response', leadId: fx.leadId, kind, notes: `${kind} notes`, updateProgress: false });
    await until(() => entries(el).filter((e) => e.kind === 'note').length === 4, 'four response notes');
    const noteTexts = entries(el).filter((e) => e.kind === 'note').map((e) => e.text);
    for (const [kind, label] of labels) {
      const entry = noteTexts.find((t) => t.includes(`${kind} notes`));
      expect(entry, kind).to.contain(`${label} by Sam`);
    }
    expect(noteTexts.some((t) => /Note \(/.test(t)), 'no "Note (kind)" fallback left').to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows merges and server rejections', async () => {
    fx = await fixture();
    const base = { type: 'activity' as const, dealershipId: DEALERSHIP, leadId: fx.leadId, actorId: 'sam', deviceId: 'd2', at: Date.now() };
    await fx.store.importDocuments({
      activity: [
        { ...base, id: 'activity:m1:merge', kind: 'merge', commandId: 'm1', field: 'interest', keptValue: 'hot', lostValue: 'cold', lostStamp: { at: 1, deviceId: 'd1', by: 'rex' } },
        { ...base, id: 'activity:r1:rejection', kind: 'rejection', commandId: 'r1', docId: fx.leadId, error: 'forbidden', reason: 'close-lost requires a manager' },
      ],
    });
    const el = await mountActivity(fx);
    await until(() => entries(el).some((e) => e.kind === 'rejection'), 'the rejection');
    const list = entries(el);
    expect(list.find((e) => e.kind === 'merge')!.text).to.contain('Concurrent edit of interest: kept hot, lost cold');
    expect(list.find((e) => e.kind === 'rejection')!.text).to.contain('Refused by the server (forbidden): close-lost requires a manager');
  });

  it("a close request decided on two devices before either heard of the other: the decision that lost at sync is kept as history, marked 'Not applied' with who decided first", async () => {
    const f = await requestFixture();
    fx = f;
    // What Ada's tablet decided offline, on the request as it stood before Mia's approval.
    const [policy, users, lead, request] = [await firstValueFrom(f.store.policy$), await firstValueFrom(f.store.users$), await leadOf(f.store, f.leadId), await requestOf(f.store, f.requestId)];
    const ada = users.find((u) => u.userId === 'ada')!;
    await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'approve' });
    const tablet = decide(
      { type: 'decide-close-request', requestId: f.requestId, decision: 'decline', declineReason: 'Call the customer once more' },
      { policy, users, lead, events: [], request },
      { actor: { userId: 'ada', dealershipId: DEALERSHIP, roles: ada.roles, managerId: '', deviceId: 'ada-tablet' }, now: Date.now() + 1000, commandId: 'ada-declines' },
    );
    if (!tablet.ok) throw new Error(tablet.error.message);
    const el = await mountActivity(f);
    // The tablet syncs: its decline's audit entry and notice arrive; the request stays approved (Mia's came first).
    await f.store.importDocuments({ activity: tablet.value.activity.filter((a: ActivityDoc) => a.kind !== 'close-request') });
    await until(() => shadow(el).querySelectorAll('[part~="entry-not-applied"]').length === 2, "Ada's decline marked");
    const marked = [...shadow(el).querySelectorAll<HTMLElement>('[part~="entry-not-applied"]')];
    expect(marked.map((li) => li.dataset['kind']).sort()).to.deep.equal(['audit', 'notification']);
    for (const li of marked) {
      expect(li.dataset['id']).to.match(/^activity:ada-declines:/);
      expect(text(li.querySelector('[part="not-applied"]'))).to.equal('Not applied: Mia had already approved the request.');
    }
    const approval = entries(el).filter((e) => e.text.includes('Decided a close request'));
    expect(approval.map((e) => e.text.includes('Not applied'))).to.have.members([true, false], "Mia's decision stands, Ada's does not");
    expect(entries(el).find((e) => e.kind === 'close-request')!.text).to.contain('Close-lost request: approved');
    await expect(el).to.be.accessible();
  });

  it('updates live and renders hostile text as text', async () => {
    fx = await fixture();
    const el = await mountActivity(fx);
    await fx.run({ type: 'add-note', leadId: fx.leadId, text: '<img src=x onerror=alert(1)>' });
    await until(() => entries(el).some((e) => e.kind === 'note'), 'the new note');
    expect(entries(el).find((e) => e.kind === 'note')!.text).to.contain('<img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('img')).to.equal(null);
  });

  it('works with no provider', async () => {
    fx = await fixture();
    const el = await mount<LeadActivityElement>(html`<lead-activity dealership=${DEALERSHIP} database=${fx.database} lead-id=${fx.leadId}></lead-activity>`);
    await until(() => el.store === fx.store && shadow(el).querySelector('li'), 'alone');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-activity-store');
    document.body.append(wrapper);
    const el = document.createElement('lead-activity');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-activity-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store && shadow(el).querySelector('li'), 'the late provider');
  });
});
