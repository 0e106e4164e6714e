import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Subject } from 'rxjs';
import { collectionFeed, createDashboardIndex, PAGE_SIZE } from '../../../src/dashboard/live-index.js';
import type { RxCollection } from 'rxdb';
import { createStore } from '../../../src/store/store.js';
import type { LeadFeed } from '../../../src/dashboard/live-index.js';
import type { LeadChange } from '../../../src/dashboard/dashboard-index.js';
import type { LeadDoc } from '../../../src/model/index.js';
import { makeLead, NOW, rng } from './fixtures.js';

function feed(initial: LeadDoc[]) {
  const changes = new Subject<readonly LeadChange[]>();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const source: LeadFeed = {
    changes$: changes,
    async *pages(size: number) {
      const snapshot = [...initial];
      await gate;
      for (let i = 0; i < snapshot.length; i += size) yield snapshot.slice(i, i + size);
    },
  };
  return { source, changes, release };
}

describe('live dashboard index', () => {
  test('changes that arrive while the leads load are applied after the load, in order', async () => {
    const r = rng(3);
    const a = makeLead(r, 1);
    const b = makeLead(r, 2);
    const { source, changes, release } = feed([a, b]);
    const live = createDashboardIndex(source);
    changes.next([{ op: 'upsert', lead: { ...a, vehicle: 'Changed once' } }]);
    changes.next([
      { op: 'upsert', lead: { ...a, vehicle: 'Changed twice' } },
      { op: 'delete', id: b.id },
    ]);
    assert.equal(live.index.size, 0, 'nothing applied before the load');
    release();
    await live.ready;
    assert.equal(live.index.size, 1);
    assert.equal(live.index.get(a.id)?.vehicle, 'Changed twice');
    changes.next([{ op: 'upsert', lead: makeLead(r, 3) }]);
    assert.equal(live.index.size, 2, 'later changes apply at once');
    live.close();
    changes.next([{ op: 'upsert', lead: makeLead(r, 4) }]);
    assert.equal(live.index.size, 2, 'nothing applied after close');
    assert.equal(live.index.query({ status: 'all' }, NOW).total, 2);
  });

  test('the collection is read in pages on the action-date index: every lead exactly once, even when many share an action date across a page boundary', async () => {
    const r = rng(5);
    const store = await createStore({ dealershipId: 'd1', name: `pages-${process.pid}`, storage: 'memory' });
    try {
      // 7 leads with distinct dates, then 10 sharing one date (ties span pages of 4), then 6 later ones.
      const leads = [
        ...Array.from({ length: 7 }, (_, i) => makeLead(r, i, { actionAt: NOW - (20 - i) * 1000 })),
        ...Array.from({ length: 10 }, (_, i) => makeLead(r, 100 + i, { actionAt: NOW })),
        ...Array.from({ length: 6 }, (_, i) => makeLead(r, 200 + i, { actionAt: NOW + (i + 1) * 1000 })),
      ];
      const feed = collectionFeed(store.database['leads'] as RxCollection<LeadDoc>);
      const none: number[] = [];
      for await (const page of feed.pages(4)) none.push(page.length);
      assert.deepEqual(none, [0], 'no leads: one empty page');
      await store.importDocuments({ leads });
      const pages: string[][] = [];
      for await (const page of feed.pages(4)) pages.push(page.map((l) => l.id));
      assert.deepEqual(
        pages.map((p) => p.length),
        [4, 4, 4, 4, 4, 3],
      );
      const seen = pages.flat();
      assert.equal(new Set(seen).size, seen.length, 'no lead twice');
      const expected = [...leads].sort((a, b) => a.actionAt - b.actionAt || (a.id < b.id ? -1 : 1)).map((l) => l.id);
      assert.deepEqual(seen, expected, 'every lead, in (actionAt, id) order');
    } finally {
      await store.remove();
    }
  });

  test('the index loads page by page (loaded() grows, changed$ emits per page) and is ready with every lead and the changes made meanwhile', async () => {
    const r = rng(8);
    const leads = Array.from({ length: 12_000 }, (_, i) => makeLead(r, i));
    const changes = new Subject<readonly LeadChange[]>();
    const seenSizes: number[] = [];
    const source: LeadFeed = {
      changes$: changes,
      async *pages(size: number) {
        for (let i = 0; i < leads.length; i += size) {
          if (i === 2 * size)
            changes.next([
              { op: 'upsert', lead: { ...leads[0]!, vehicle: 'Changed during the load' } },
              { op: 'delete', id: leads[leads.length - 1]!.id },
            ]);
          yield leads.slice(i, i + size);
        }
      },
    };
    const live = createDashboardIndex(source);
    live.index.changed$.subscribe(() => seenSizes.push(live.loaded()));
    await live.ready;
    assert.deepEqual(seenSizes.slice(0, 3), [PAGE_SIZE, 2 * PAGE_SIZE, 3 * PAGE_SIZE], 'one version per page');
    assert.equal(live.loaded(), 11_999);
    assert.equal(live.index.get(leads[0]!.id)?.vehicle, 'Changed during the load');
    assert.equal(live.index.get(leads[leads.length - 1]!.id), undefined);
    assert.equal(live.index.query({ status: 'all' }, NOW).total, 11_999);
    live.close();
  });
});
