/**
 * The demo, end to end, as issue 6 and demo/README.md describe it: `npm start` (scripts/start.mjs:
 * PouchDB Server with an admin, the seeded Harbour Motors installed by the setup command, Vite
 * serving demo/), the dealer page in two browser windows with their own storage, each "Acting as"
 * someone else, every step waiting on what the person in that window sees.
 *
 * Window 1 is Parker Okoye, a salesperson who "requests Close Lost" (his manager is Emerson
 * Ivanova). Window 2 is Emerson, a sales manager, then switches to Devon Adeyemi, the admin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { actAs, startDemo, type DemoWindow, type RunningDemo } from './demo-harness.js';

const SYNC_MS = 30_000;

/** The dashboard's row of one customer. */
const rowOf = (page: Page, customer: string): Locator =>
  page
    .getByRole('grid', { name: 'Lead dashboard' })
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: customer, exact: true }) });

/** The lead count in a report row ("Bought elsewhere | 1 | 6.3%"); 0 when the reason has no row yet. */
async function countIn(row: Locator): Promise<number> {
  if ((await row.count()) === 0) return 0;
  return Number(await row.getByRole('cell').first().innerText());
}

/** The first open lead in the salesperson's dashboard that no one has asked to close yet. */
async function pickOpenLead(page: Page, except: string[] = []): Promise<string> {
  const rows = page
    .getByRole('grid', { name: 'Lead dashboard' })
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name: 'Open', exact: true }) });
  await rows.first().waitFor({ timeout: SYNC_MS });
  for (const row of await rows.all()) {
    const customer = (await row.getByRole('gridcell').first().innerText()).trim();
    if (customer && !except.includes(customer)) return customer;
  }
  throw new Error("no open lead to work with in the salesperson's dashboard");
}

describe('the demo (npm start) in two windows', { timeout: 150_000 }, () => {
  let demo: RunningDemo;
  let seller: DemoWindow;
  let other: DemoWindow;
  let requested = '';
  let second = '';

  before(async () => {
    demo = await startDemo({ leads: 40 });
    seller = await demo.openDealerAs(/^Parker Okoye — Salesperson · requests Close Lost/);
    other = await demo.openDealerAs(/^Emerson Ivanova — Sales manager/);
  });

  after(async () => {
    await demo?.stop();
  });

  test("a salesperson's close-lost request is approved by the manager in the other window", async () => {
    // Window 1: the salesperson sees only his own leads, synced from the server.
    const customer = await pickOpenLead(seller.page);
    requested = customer;
    // Close on a row opens the side panel with the close-lost dialog, as a request for this role.
    await seller.page.getByRole('button', { name: `Close lead of ${customer}` }).click();
    const dialog = seller.page.getByRole('dialog', { name: 'Request to close lead as lost' });
    await dialog.getByText('Your manager must approve this request.').waitFor();
    await dialog.getByLabel('Reason').selectOption({ label: 'Bought elsewhere' });
    await dialog.getByRole('textbox', { name: /^Notes/ }).fill('Bought a Golf across town');
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await seller.page.getByText(`Close request for ${customer} sent to a manager.`).waitFor();
    await rowOf(seller.page, customer).getByRole('gridcell', { name: 'Open · close requested' }).waitFor();

    // Window 2: the manager's inbox gets the request through the server, with its choices.
    const inbox = other.page.getByRole('region', { name: 'Close-lost requests waiting for you' });
    const approve = inbox.getByRole('button', { name: `Approve closing the lead of ${customer} as lost` });
    await approve.waitFor({ timeout: SYNC_MS });
    await inbox.getByText('Requested by Parker Okoye').first().waitFor();
    await inbox.getByText('Bought a Golf across town').waitFor();
    const report = other.page.getByRole('table', { name: /^Leads closed as lost by reason/ });
    const boughtElsewhere = report.getByRole('row').filter({ has: other.page.getByRole('rowheader', { name: 'Bought elsewhere', exact: true }) });
    const before = await countIn(boughtElsewhere);
    await approve.click();
    await other.page.getByText(`Approved: the lead of ${customer} is closed as lost.`).waitFor();
    await approve.waitFor({ state: 'detached' });
    // "Reports & settings" counts it under its reason at once.
    await boughtElsewhere
      .getByRole('cell', { name: String(before + 1), exact: true })
      .first()
      .waitFor();

    // Window 1: the decision comes back — a notice, and the lead leaves the Open view.
    const notices = seller.page.getByRole('region', { name: 'Your notices' });
    await notices.getByText(`Emerson Ivanova approved closing the lead of ${customer} as lost.`).waitFor({ timeout: SYNC_MS });
    await rowOf(seller.page, customer).waitFor({ state: 'detached', timeout: SYNC_MS });
    await seller.page.getByRole('radio', { name: /^Closed/ }).check();
    await rowOf(seller.page, customer).getByRole('gridcell', { name: 'Closed · lost' }).waitFor({ timeout: SYNC_MS });

    // The manager's dashboard shows it closed too.
    await other.page.getByRole('radio', { name: /^Closed/ }).check();
    await other.page.getByRole('searchbox', { name: 'Search leads' }).fill(customer);
    await rowOf(other.page, customer).getByRole('gridcell', { name: 'Closed · lost' }).waitFor({ timeout: SYNC_MS });

    assert.deepEqual([...seller.problems, ...other.problems], [], 'no page errors and no CSP violations');
  });

  test('the admin makes notes mandatory and the close-lost dialog open in the other window follows', async () => {
    // Window 1: the salesperson has the close-lost dialog open on another lead; notes are optional.
    await seller.page.getByRole('radio', { name: /^Open/ }).check();
    const customer = await pickOpenLead(seller.page, [requested]);
    second = customer;
    await seller.page.getByRole('button', { name: `Close lead of ${customer}` }).click();
    const dialog = seller.page.getByRole('dialog', { name: 'Request to close lead as lost' });
    await dialog.getByRole('textbox', { name: 'Notes (optional)' }).waitFor();

    // Window 2: switch "Acting as" to the dealership admin, who may edit the company settings.
    await actAs(other.page, /^Devon Adeyemi — Dealership admin/);
    const settings = other.page.getByRole('region', { name: 'Reports & settings' });
    // (Read only for a manager: the box becomes enabled, and check() waits for that, once the admin acts.)
    const notes = settings.getByRole('group', { name: 'When closing a lead as lost' }).getByRole('checkbox', { name: 'Notes' });
    await notes.check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Settings saved. Every open widget now follows them.').waitFor();
    // The demo's admin is a dealership admin, not a CouchDB server admin (demo/README.md).
    await settings.getByText('Saved here; a server administrator must apply them to the server.').waitFor({ timeout: SYNC_MS });

    // Window 1: the open dialog now requires notes, and says so when they are left out.
    await dialog.getByRole('textbox', { name: 'Notes (required)' }).waitFor({ timeout: SYNC_MS });
    await dialog.getByLabel('Reason').selectOption({ label: 'Price too high' });
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.getByText('Notes are required by your company.').waitFor();
    await dialog.getByRole('textbox', { name: 'Notes (required)' }).fill('Wants £2k off');
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await seller.page.getByText(`Close request for ${customer} sent to a manager.`).waitFor();

    assert.deepEqual([...seller.problems, ...other.problems], [], 'no page errors and no CSP violations');
  });

  test('the manager declines a request with a reason, and the salesperson is told and keeps the lead open', async () => {
    // Window 2: back to the sales manager.
    await actAs(other.page, /^Emerson Ivanova — Sales manager/);
    const inbox = other.page.getByRole('region', { name: 'Close-lost requests waiting for you' });
    await inbox.getByText('Wants £2k off').waitFor({ timeout: SYNC_MS });
    await inbox.getByRole('button', { name: `Decline closing the lead of ${second} as lost` }).click();
    await inbox.getByRole('textbox', { name: 'Why are you declining? (sent to Parker Okoye)' }).fill('Call back with the finance offer first');
    await inbox.getByRole('button', { name: 'Send decline' }).click();
    await other.page.getByText(`Declined: the lead of ${second} stays open and Parker Okoye is told.`).waitFor();

    // Window 1: the notice with the manager's reason, and the lead open again without the request mark.
    const notices = seller.page.getByRole('region', { name: 'Your notices' });
    await notices.getByText(`Emerson Ivanova declined closing the lead of ${second} as lost. The lead stays open.`).waitFor({ timeout: SYNC_MS });
    await notices.getByText('Why: Call back with the finance offer first').waitFor();
    await rowOf(seller.page, second).getByRole('gridcell', { name: 'Open', exact: true }).waitFor({ timeout: SYNC_MS });

    assert.deepEqual([...seller.problems, ...other.problems], [], 'no page errors and no CSP violations');
  });
});
