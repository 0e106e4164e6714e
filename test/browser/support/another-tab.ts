/**
 * "Another tab" for real: RxDB refuses to open one database twice in a page (DB8), so a same-origin
 * `<iframe>` plays the other tab. It imports the test file's own bundled module (its URL, so the
 * esbuild-bundled store comes with it), opens the same IndexedDB database under its own RxDB
 * instance and runs store commands there; the elements in the main page must follow live through
 * RxDB's multi-instance channel (BroadcastChannel).
 *
 * A test file that uses it is an entry of two lines (`testWithOtherTab(import.meta.url, () =>
 * import('./x.suite.js'))`) and keeps its tests in a suite module that only the main page loads, so
 * the iframe never loads mocha or chai. This module imports neither.
 */
import type { Command, CommandResult } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { openSharedStore } from '../../../src/store/store.js';
import { DEALERSHIP, fixture, type Fixture } from '../components/fixture.js';

/** What the other tab offers the main page. */
export interface OtherTab {
  open(database: string, userId: string): Promise<void>;
  execute(command: Command): Promise<CommandResult>;
  close(): Promise<void>;
}

/** An open other tab; `dispose()` closes its store, then removes its iframe. */
export interface OpenedTab {
  tab: OtherTab;
  dispose(): Promise<void>;
}

export type OpenOtherTab = (database: string, userId: string) => Promise<OpenedTab>;

const OTHER_TAB_MARK = 'data-forecourt-other-tab';
const inOtherTab = (): boolean => typeof window !== 'undefined' && window.frameElement?.hasAttribute(OTHER_TAB_MARK) === true;

/**
 * The body of a test file that uses another tab. In the other tab's iframe, it offers the store
 * there to the main page; in the main page, it loads the tests (`loadSuite`) and hands them an
 * opener of other tabs that import `entryUrl` (the test file's `import.meta.url`).
 */
export async function testWithOtherTab(entryUrl: string, loadSuite: () => Promise<{ defineSuite(open: OpenOtherTab): void }>): Promise<void> {
  if (inOtherTab()) {
    serveOtherTab();
    return;
  }
  const suite = await loadSuite();
  suite.defineSuite((database, userId) => openOtherTab(entryUrl, database, userId));
}

/** In the iframe: the API the main page drives, on a store of its own. */
function serveOtherTab(): void {
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
}

/** Opens the other tab: a same-origin iframe that imports `entryUrl` and exposes its API. */
async function openOtherTab(entryUrl: string, database: string, userId: string): Promise<OpenedTab> {
  const frame = document.createElement('iframe');
  frame.setAttribute(OTHER_TAB_MARK, '');
  frame.title = 'other tab';
  frame.hidden = true;
  // srcdoc documents share the parent's origin, hence its IndexedDB and BroadcastChannel.
  frame.srcdoc = `<!doctype html><script type="module">import(${JSON.stringify(entryUrl)});</script>`;
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

/**
 * For a suite: the fixture of each test and the other tab it opened, both let go after each test
 * (the other tab first, or deleting the database would wait for its connection).
 */
export function otherTabTests(openOtherTab: OpenOtherTab): {
  /** The test's fixture (the store of this tab). */
  fixture(options?: Parameters<typeof fixture>[0]): Promise<Fixture>;
  /** Opens the other tab on `database` as `userId`. */
  open(database: string, userId: string): Promise<OtherTab>;
} {
  let fx: Fixture | undefined;
  let other: OpenedTab | undefined;
  afterEach(async () => {
    document.body.replaceChildren();
    await other?.dispose();
    other = undefined;
    await fx?.remove();
    fx = undefined;
  });
  return {
    async fixture(options) {
      fx = await fixture(options);
      return fx;
    },
    async open(database, userId) {
      other = await openOtherTab(database, userId);
      return other.tab;
    },
  };
}

/** Runs `command` in the other tab and fails the test when it is refused. */
export async function runInOtherTab(tab: OtherTab, command: Command): Promise<Extract<CommandResult, { ok: true }>> {
  const result = await tab.execute(command);
  if (!result.ok) throw new Error(`the other tab's ${command.type} was refused: ${result.error.code}`);
  return result;
}
