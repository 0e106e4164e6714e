/**
 * A page whose `<lead-store>` syncs a fixture's store with a new database of the test server, as
 * the server admin: for the tests of elements that must follow what reaches them through sync.
 */
import { fixture as mount, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../components/shared/enable-sync.js';
import '../../../components/lead-store/define.js';
import type { LeadStoreElement } from '../../../components/lead-store/lead-store.component.js';
import { fixture, type Fixture } from '../components/fixture.js';
import { ADMIN, SERVER_URL, createRemoteDatabase, endSyncedTest, type RemoteDatabaseOptions } from './test-server.js';

/** A test's fixture and the database of the test server it syncs with. */
export interface SyncedFixture {
  fx: Fixture;
  remoteDb: string;
}

/**
 * For a test file: `start()` makes a test's fixture and a database on the test server (named
 * `prefix-…`, set up with `database`); after each test both are removed, the sync stopped first.
 */
export function syncedFixtures(
  prefix: string,
  database: RemoteDatabaseOptions = {},
): { start(options?: Parameters<typeof fixture>[0]): Promise<SyncedFixture> } {
  let current: Partial<SyncedFixture> = {};
  afterEach(async () => {
    await endSyncedTest(current.fx, current.remoteDb);
    current = {};
  });
  return {
    async start(options) {
      current.fx = await fixture(options);
      current.remoteDb = await createRemoteDatabase(prefix, database);
      return { fx: current.fx, remoteDb: current.remoteDb };
    },
  };
}

/** `children` under a `<lead-store>` that provides the fixture's store and syncs it with the remote database (basic auth as the admin). */
export function mountSyncing({ fx, remoteDb }: SyncedFixture, children: TemplateResult): Promise<LeadStoreElement> {
  return mount<LeadStoreElement>(
    html`<lead-store .store=${fx.store} .credentials=${ADMIN} server-url=${SERVER_URL} server-database=${remoteDb} auth="basic">${children}</lead-store>`,
  );
}
