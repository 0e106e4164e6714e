/**
 * `<lead-dashboard>` follows another tab: a same-origin `<iframe>` plays it (RxDB refuses to open
 * one database twice in a page), opens the same IndexedDB database under its own RxDB instance and
 * runs store commands there; the dashboard in the main page must follow live through RxDB's
 * multi-instance channel. The same pattern as test/browser/components/another-tab.test.ts, whose
 * opener is private to that file: the iframe imports this very bundled module, and the tests live
 * in live-other-tab.suite.ts so that the iframe never loads mocha or chai.
 */
import type { Command, CommandResult } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { openSharedStore } from '../../../src/store/store.js';
import { DEALERSHIP } from '../components/fixture.js';

/** What the other tab offers the main page. */
export interface OtherTab {
  open(database: string, userId: string): Promise<void>;
  execute(command: Command): Promise<CommandResult>;
  close(): Promise<void>;
}

export type OpenOtherTab = (database: string, userId: string) => Promise<{ tab: OtherTab; dispose(): Promise<void> }>;

const OTHER_TAB_MARK = 'data-forecourt-dashboard-other-tab';
const inOtherTab = typeof window !== 'undefined' && window.frameElement?.hasAttribute(OTHER_TAB_MARK) === true;

if (inOtherTab) {
  let store: LeadStore | null = null;
  const api: OtherTab = {
    async open(database, userId) {
      store = await openSharedStore({ dealershipId: DEALERSHIP, name: database, storage: 'indexeddb', userId });
    },
    execute: (command) => store!.execute(command),
    async close() {
      await store?.close();
      store = null;
    },
  };
  (window as unknown as { forecourtOtherTab: OtherTab }).forecourtOtherTab = api;
} else {
  await import('./live-other-tab.suite.js').then((suite) => suite.defineSuite(openOtherTab));
}

/** Opens the other tab: a same-origin iframe that imports this module and exposes its API. */
async function openOtherTab(database: string, userId: string): Promise<{ tab: OtherTab; dispose(): Promise<void> }> {
  const frame = document.createElement('iframe');
  frame.setAttribute(OTHER_TAB_MARK, '');
  frame.title = 'other tab';
  frame.hidden = true;
  // srcdoc documents share the parent's origin, hence its IndexedDB and BroadcastChannel.
  frame.srcdoc = `<!doctype html><script type="module">import(${JSON.stringify(import.meta.url)});</script>`;
  document.documentElement.append(frame);
  const win = () => frame.contentWindow as (Window & { forecourtOtherTab?: OtherTab }) | null;
  const start = performance.now();
  while (!win()?.forecourtOtherTab) {
    if (performance.now() - start > 15000) throw new Error('the other tab did not load');
    await new Promise((r) => setTimeout(r, 20));
  }
  const tab = win()!.forecourtOtherTab!;
  await tab.open(database, userId);
  return {
    tab,
    async dispose() {
      await tab.close();
      frame.remove();
    },
  };
}
