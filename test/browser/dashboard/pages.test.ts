/** The dashboard index's paged load on IndexedDB: the Dexie getAll reader gives every live lead once, in (actionAt, id) order. */
import { expect } from '@open-wc/testing';
import { createRevision, now } from 'rxdb';
import type { RxCollection } from 'rxdb';
import type { LeadDoc } from '../../../src/model/index.js';
import { collectionFeed } from '../../../src/dashboard/live-index.js';
import { dexiePageReader } from '../../../src/dashboard/dexie-pages.js';
import { createStore } from '../../../src/store/store.js';
import { makeLead, NOW, rng } from '../../node/dashboard/fixtures.js';

describe('dashboard pages on IndexedDB', () => {
  it('reads every live lead exactly once in (actionAt, id) order with getAll pages, ties across page boundaries and deleted leads included', async () => {
    const store = await createStore({ dealershipId: 'd1', name: `pages-${Date.now().toString(36)}`, storage: 'indexeddb' });
    try {
      const r = rng(13);
      const leads = [
        ...Array.from({ length: 7 }, (_, i) => makeLead(r, i, { actionAt: NOW - (20 - i) * 1000 })),
        ...Array.from({ length: 10 }, (_, i) => makeLead(r, 100 + i, { actionAt: NOW })),
        ...Array.from({ length: 6 }, (_, i) => makeLead(r, 200 + i, { actionAt: NOW + (i + 1) * 1000 })),
      ];
      await store.importDocuments({ leads });
      const collection = store.database['leads'] as RxCollection<LeadDoc>;
      const removed = leads[9]!.id;
      // A deletion as replication writes it (straight to storage: the store's own API never deletes).
      const [previous] = await collection.storageInstance.findDocumentsById([removed], false);
      const deleted = { ...previous!, _deleted: true, _rev: createRevision(store.database.token, previous), _meta: { ...previous!._meta, lwt: now() } };
      const written = await collection.storageInstance.bulkWrite([{ previous, document: deleted }], 'test-delete');
      expect(written.error).to.deep.equal([]);
      expect(await dexiePageReader(collection), 'the IndexedDB fast path is used').to.not.equal(null);
      const pages: string[][] = [];
      for await (const page of collectionFeed(collection).pages(4)) pages.push(page.map((l) => l.id));
      expect(pages.map((p) => p.length)).to.deep.equal([4, 4, 4, 4, 4, 2]);
      const expected = leads
        .filter((l) => l.id !== removed)
        .sort((a, b) => a.actionAt - b.actionAt || (a.id < b.id ? -1 : 1))
        .map((l) => l.id);
      expect(pages.flat()).to.deep.equal(expected);
      const first = (await collectionFeed(collection).pages(100)[Symbol.asyncIterator]().next()).value as readonly LeadDoc[];
      expect(first.find((l) => l.id === leads[0]!.id)?.customer).to.deep.equal(leads[0]!.customer);
    } finally {
      await store.remove();
    }
  });
});
