import { expect, fixture as mount, html } from '@open-wc/testing';
import '../lead-store/define.js';
import '../lead-response/define.js';
import './define.js';
import type { LeadActivityElement } from './lead-activity.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { firstValueFrom } from 'rxjs';
import type { ActivityDoc, CloseLostChoices, RejectionEntry, ResponseKind } from '../../src/model/index.js';
import { addTranslations, setLocale } from '../shared/i18n.js';
import { addActivityTranslations } from './messages.js';
import { decide } from '../../src/rules/decide.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { leadOf, requestFixture, requestOf } from '../../test/browser/managers/helpers.js';

let fx: Fixture;

/** A rejection entry as the sync writes it once per command: every refused document, and the refused audit entry's action. */
const onePerCommand = (commandId: string, action: string, refused: Array<[docId: string, reason: string]>): RejectionEntry =>
  ({
    ...refusal(commandId, refused[0]![0], refused[0]![1]),
    leadId: fx.leadId,
    action,
    refused: refused.map(([docId, reason]) => ({ docId, collection: docId.startsWith('lead:') ? 'leads' : 'activity', error: 'forbidden', reason })),
  }) as RejectionEntry;
const lost = (reasonId: string): CloseLostChoices => ({
  reasonId,
  completeOverdueEvents: true,
  completeAllEvents: false,
  notes: '',
  contactGroups: [],
  followUpAt: null,
});

/** A rejection entry as the sync writes it when the server refuses a document of command `commandId`. */
const refusal = (commandId: string, docId: string, reason: string, actorId = 'sam'): RejectionEntry => ({
  id: `activity:reject.${commandId}:rejection`,
  type: 'activity',
  dealershipId: DEALERSHIP,
  kind: 'rejection',
  leadId: docId,
  actorId,
  deviceId: 'this-device',
  commandId,
  at: Date.now() + 1000,
  docId,
  error: 'forbidden',
  reason,
});
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
/** An entry's sentence without its time: what, then who. */
const sentence = (li: Element): string => `${text(li.querySelector('.what'))} ${text(li.querySelector('.who'))}`;
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
    expect(
      list
        .filter((e) => e.kind === 'note')
        .map((e) => e.text)
        .join('|'),
    ).to.contain('First drive');
    expect(
      list
        .filter((e) => e.kind === 'audit')
        .map((e) => e.text)
        .join('|'),
    ).to.contain('Updated progress by Sam');
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
    const noteTexts = entries(el)
      .filter((e) => e.kind === 'note')
      .map((e) => e.text);
    for (const [kind, label] of labels) {
      const entry = noteTexts.find((t) => t.includes(`${kind} notes`));
      expect(entry, kind).to.contain(`${label} by Sam`);
    }
    expect(
      noteTexts.some((t) => /Note \(/.test(t)),
      'no "Note (kind)" fallback left',
    ).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows merges and server rejections', async () => {
    fx = await fixture();
    const base = { type: 'activity' as const, dealershipId: DEALERSHIP, leadId: fx.leadId, actorId: 'sam', deviceId: 'd2', at: Date.now() };
    await fx.store.importDocuments({
      activity: [
        {
          ...base,
          id: 'activity:m1:merge',
          kind: 'merge',
          commandId: 'm1',
          field: 'interest',
          keptValue: 'hot',
          lostValue: 'cold',
          lostStamp: { at: 1, deviceId: 'd1', by: 'rex' },
        },
        {
          ...base,
          id: 'activity:r1:rejection',
          kind: 'rejection',
          commandId: 'r1',
          docId: fx.leadId,
          error: 'forbidden',
          reason: 'close-lost requires a manager',
        },
      ],
    });
    const el = await mountActivity(fx);
    await until(() => entries(el).some((e) => e.kind === 'rejection'), 'the rejection');
    const list = entries(el);
    expect(list.find((e) => e.kind === 'merge')!.text).to.contain('Concurrent edit of interest: kept hot, lost cold');
    const rejection = list.find((e) => e.kind === 'rejection')!.text;
    // No audit entry of command r1 here: the refused change is named by what it touched, the lead.
    expect(rejection).to.contain('Your change to this lead was refused by the server.');
    // No error code known in the reason: the server's own sentence, as a detail.
    expect(rejection).to.contain('The server said: close-lost requires a manager');
    expect(rejection).not.to.contain('forbidden');
    expect(rejection).not.to.contain(fx.leadId);
  });

  it("a close lost the server refused names the person's action and words the rule's code: no error kind, rule code, server sentence or document id", async () => {
    fx = await fixture();
    const closed = await fx.store.execute({ type: 'close-lost', leadId: fx.leadId, choices: lost('price') }, { commandId: 'sam-closes' });
    expect(closed.ok).to.equal(true);
    // What the sync records when the server's validate_doc_update refuses the lead's write.
    await fx.store.importDocuments({
      activity: [refusal('sam-closes', fx.leadId, 'auth/not-permitted: Only a manager closes a lead as lost; others submit a request.')],
    });
    const el = await mountActivity(fx);
    const li = await until(() => shadow(el).querySelector<HTMLElement>('li[data-kind="rejection"]'), 'the rejection');
    expect(text(li.querySelector('.what'))).to.equal('Your close of this lead as lost was refused by the server.');
    expect(text(li.querySelector('.who'))).to.equal('Made by Sam');
    expect(text(li.querySelector('.body'))).to.equal('You are not allowed to do this.');
    expect(text(li)).not.to.match(/forbidden|auth\/|Only a manager|lead:/);
    await expect(el).to.be.accessible();

    // The texts go through the localisation layer: the element's catalogue and the shared error catalogue.
    addActivityTranslations('fr', {
      'activity.rejected.close-lost': 'Le serveur a refusé votre clôture de ce prospect comme perdu.',
      'activity.rejection.by': 'Fait par {actor}',
    });
    addTranslations('fr', {}, { 'auth/not-permitted': "Vous n'avez pas le droit de faire cela." });
    setLocale('fr');
    try {
      el.requestUpdate();
      await el.updateComplete;
      expect(text(li.querySelector('.what'))).to.equal('Le serveur a refusé votre clôture de ce prospect comme perdu.');
      expect(text(li.querySelector('.who'))).to.equal('Fait par Sam');
      expect(text(li.querySelector('.body'))).to.equal("Vous n'avez pas le droit de faire cela.");
    } finally {
      setLocale(null);
    }
  });

  it('several documents of one refused command make one entry, each distinct reason once', async () => {
    fx = await fixture();
    await fx.store.execute(
      { type: 'update-progress', leadId: fx.leadId, update: { check: ['test-drive'], clear: [], note: 'Drove it' } },
      { commandId: 'sam-ticks' },
    );
    const lead = refusal('sam-ticks', fx.leadId, 'progress/note-required: A progress note is required.');
    await fx.store.importDocuments({
      activity: [
        lead,
        { ...lead, id: 'activity:reject.pass:rejection', docId: 'activity:sam-ticks:pass:test-drive' },
        { ...lead, id: 'activity:reject.note:rejection', docId: 'activity:sam-ticks:note', reason: 'lead/closed: The lead is closed.' },
      ],
    });
    const el = await mountActivity(fx);
    await until(() => entries(el).some((e) => e.kind === 'rejection'), 'the rejection');
    const refused = entries(el).filter((e) => e.kind === 'rejection');
    expect(refused).to.have.length(1);
    expect(refused[0]!.text).to.contain('Your progress update was refused by the server.');
    const body = text(shadow(el).querySelector('li[data-kind="rejection"] .body'));
    expect(body).to.contain('A progress note is required by your company.');
    expect(body).to.contain('This lead is already closed (perhaps on another device).');
    expect(body.split('A progress note is required').length, 'the same reason once').to.equal(2);
  });

  it("when the server refused the whole command (its audit entry reverted here too), the action is read from what the sync recorded: the refused audit entry's action, or the ids of the refused documents", async () => {
    fx = await fixture();
    // No command ran here: only the sync's record of what the server refused is on this device.
    const lead = refusal('gone-close', fx.leadId, 'auth/not-permitted: Only a manager closes a lead as lost; others submit a request.');
    await fx.store.importDocuments({
      activity: [
        lead,
        { ...lead, id: 'activity:reject.audit:rejection', docId: 'activity:gone-close:audit' },
        {
          ...lead,
          id: 'activity:reject.notice:rejection',
          docId: 'activity:gone-close:notify:lead-closed-lost:mia',
          reason: 'auth/not-permitted: This notification announces such a close.',
        },
        // One entry per command listing its refused documents, and the refused audit entry's action.
        onePerCommand('gone-request', 'close-lost', [
          ['activity:gone-request:close-request', "auth/not-permitted: Requesting a close needs the 'Close Lead Lost Permission' role."],
          ['activity:gone-request:audit', 'auth/not-permitted: Requesting a close needs the role.'],
        ]),
        onePerCommand('gone-interest', 'set-interest', [
          [fx.leadId, 'lead/closed: The lead is closed.'],
          ['activity:gone-interest:audit', 'odd/unknown: The server says no.'],
        ]),
      ],
    });
    const el = await mountActivity(fx);
    await until(() => entries(el).filter((e) => e.kind === 'rejection').length === 3, 'three refused commands');
    const said = [...shadow(el).querySelectorAll('li[data-kind="rejection"]')].map((li) => `${sentence(li)} | ${text(li.querySelector('.body'))}`);
    expect(said).to.have.members([
      'Your close of this lead as lost was refused by the server. Made by Sam | You are not allowed to do this.',
      'Your request to close this lead as lost was refused by the server. Made by Sam | You are not allowed to do this.',
      'Your change of interest was refused by the server. Made by Sam | This lead is already closed (perhaps on another device). The server said: The server says no.',
    ]);
    await expect(el).to.be.accessible();
  });

  it("a refusal names a request as a request, drops an unknown code but keeps the server's sentence, and says whose change it was when someone else reads it", async () => {
    const f = await requestFixture({ actor: 'rex' });
    fx = f;
    const requestCommand = (await firstValueFrom(f.store.activity$(f.leadId))).find((a) => a.kind === 'close-request')!.commandId;
    await f.store.importDocuments({ activity: [refusal(requestCommand, f.leadId, 'quota/exceeded: The database is full.', 'rex')] });
    const el = await mountActivity(f);
    const li = await until(() => shadow(el).querySelector<HTMLElement>('li[data-kind="rejection"]'), 'the rejection');
    expect(text(li.querySelector('.what'))).to.equal('Your request to close this lead as lost was refused by the server.');
    expect(text(li.querySelector('.body'))).to.equal('The server said: The database is full.');
    expect(text(li)).not.to.contain('quota/');
    // Mia signs in on Rex's tablet: it is not her change.
    await f.store.setActor('mia');
    await until(() => text(li.querySelector('.what')).startsWith('A change by Rex'), "Rex's change, for Mia");
    expect(text(li.querySelector('.what'))).to.equal('A change by Rex was refused by the server: Closed the lead as lost.');
    expect(text(li.querySelector('.who'))).to.equal('Made by Rex');
    await expect(el).to.be.accessible();
  });

  it('notifications in the activity say who was told what, never a raw topic', async () => {
    const f = await requestFixture();
    fx = f;
    await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'approve' });
    const el = await mountActivity(f);
    await until(() => entries(el).filter((e) => e.kind === 'notification').length === 2, 'the request and approval notices');
    const told = [...shadow(el).querySelectorAll('li[data-kind="notification"]')].map(sentence);
    expect(told).to.have.members([
      'Rex was notified that the close-lost request was approved by Mia',
      'Mia was asked to approve or decline the close-lost request by Rex',
    ]);
    const closed = await fixture({ policy: { definedRoles: ['receive-closed-lead-as-lost-notification'] } });
    try {
      await closed.run({ type: 'close-lost', leadId: closed.leadId, choices: lost('price') });
      const other = await mountActivity(closed);
      const notice = await until(() => shadow(other).querySelector('li[data-kind="notification"]'), 'the lost notice');
      expect(sentence(notice)).to.equal('Mia was notified that the lead was closed as lost by Sam');
      for (const e of [...entries(el), ...entries(other)]) expect(e.text).not.to.match(/lead-closed-lost|close-request-(submitted|approved|declined)/);
      await expect(el).to.be.accessible();
    } finally {
      await closed.remove();
    }
  });

  it("a close request decided on two devices before either heard of the other: the decision that lost at sync is kept as history, marked 'Not applied' with who decided first", async () => {
    const f = await requestFixture();
    fx = f;
    // What Ada's tablet decided offline, on the request as it stood before Mia's approval.
    const [policy, users, lead, request] = [
      await firstValueFrom(f.store.policy$),
      await firstValueFrom(f.store.users$),
      await leadOf(f.store, f.leadId),
      await requestOf(f.store, f.requestId),
    ];
    const ada = users.find((u) => u.userId === 'ada')!;
    await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'approve' });
    const tablet = decide(
      { type: 'decide-close-request', requestId: f.requestId, decision: 'decline', declineReason: 'Call the customer once more' },
      { policy, users, lead, events: [], request },
      {
        actor: { userId: 'ada', dealershipId: DEALERSHIP, roles: ada.roles, managerId: '', deviceId: 'ada-tablet' },
        now: Date.now() + 1000,
        commandId: 'ada-declines',
      },
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
