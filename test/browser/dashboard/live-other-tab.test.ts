/**
 * `<lead-dashboard>` follows another tab: a same-origin `<iframe>` plays it (RxDB refuses to open
 * one database twice in a page), opens the same IndexedDB database under its own RxDB instance and
 * runs store commands there; the dashboard in the main page must follow live through RxDB's
 * multi-instance channel. The iframe (test/browser/support/another-tab.ts) imports this very bundled
 * module; the tests live in live-other-tab.suite.ts so that the iframe never loads mocha or chai.
 */
import { testWithOtherTab } from '../support/another-tab.js';

await testWithOtherTab(import.meta.url, () => import('./live-other-tab.suite.js'));
