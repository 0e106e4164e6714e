/**
 * "Another tab" for real: RxDB refuses to open one database twice in a page (DB8), so a same-origin
 * `<iframe>` plays the other tab (test/browser/support/another-tab.ts). It imports this very bundled
 * module, opens the same IndexedDB database under its own RxDB instance and runs store commands
 * there. The elements in the main page must follow live through RxDB's multi-instance channel
 * (BroadcastChannel), without losing what the user is typing. The tests are in another-tab.suite.ts.
 */
import { testWithOtherTab } from '../support/another-tab.js';

await testWithOtherTab(import.meta.url, () => import('./another-tab.suite.js'));
