import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Subject } from 'rxjs';
import { createDashboardIndex } from '../../../src/dashboard/live-index.js';
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
    loadAll: async () => {
      const snapshot = [...initial];
      await gate;
      return snapshot;
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
    changes.next([{ op: 'upsert', lead: { ...a, vehicle: 'Changed twice' } }, { op: 'delete', id: b.id }]);
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
});
