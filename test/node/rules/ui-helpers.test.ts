import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloseLostChoices, CloseRequest } from '../../../src/model/index.js';
import {
  canBulkManage,
  closeLostAvailability,
  closeWonAvailability,
  decideAvailability,
  defaultCloseLostChoices,
  defaultCloseWonChoices,
  isManager,
  isOverdueOptionLocked,
  reopenAvailability,
  setEventOption,
  validateCloseLost,
  validateCloseWon,
  withdrawAvailability,
} from '../../../src/rules/index.js';
import { DAY, NOW, actorOf, lead, policy } from './fixtures.js';

describe('close dialog interlock', () => {
  test("contract 1: while 'Mark all incomplete' is ticked the overdue box cannot be changed until it is unticked again", () => {
    let c = defaultCloseLostChoices(policy());
    assert.equal(isOverdueOptionLocked(c), false);
    c = setEventOption(c, 'all', true);
    assert.equal(isOverdueOptionLocked(c), true);
    assert.equal(setEventOption(c, 'overdue', false), c, 'a click on the locked box changes nothing');
    assert.equal(c.completeOverdueEvents, true, 'while locked it shows ticked: completing all completes the overdue ones');
    c = setEventOption(c, 'all', false);
    assert.equal(isOverdueOptionLocked(c), false);
    c = setEventOption(c, 'overdue', false);
    assert.equal(c.completeOverdueEvents, false, 'changeable again once all is unticked');
  });

  test('close dialog: unticking all gives the overdue box back the value it had before all was ticked', () => {
    const table = [true, false];
    for (const before of table) {
      let c = setEventOption(defaultCloseLostChoices(policy()), 'overdue', before);
      c = setEventOption(c, 'all', true);
      assert.equal(c.completeOverdueEvents, true);
      c = setEventOption(c, 'all', false);
      assert.equal(c.completeOverdueEvents, before, `was ${before}`);
      assert.equal('overdueBeforeAll' in c, false, 'the memo is dropped');
      assert.deepEqual(validateCloseLost({ ...c, reasonId: 'price' }, policy(), NOW), [], 'choices stay valid at every step');
    }
  });

  test('close dialog: the same interlock on Close Won', () => {
    let c = setEventOption(defaultCloseWonChoices(policy()), 'all', true);
    assert.equal(isOverdueOptionLocked(c), true);
    assert.equal(setEventOption(c, 'overdue', false).completeOverdueEvents, true);
    c = setEventOption(c, 'all', false);
    assert.equal(c.completeAllEvents, false);
  });
});

describe('close dialog validation', () => {
  test('close lost validation reports every problem at once, each next to its field', () => {
    const p = policy({ mandatory: { closeLost: ['reason', 'notes'], progressNote: false } });
    const bad: CloseLostChoices = {
      reasonId: '',
      completeOverdueEvents: false,
      completeAllEvents: true,
      notes: '',
      contactGroups: ['vip'],
      followUpAt: NOW - 3 * DAY,
    };
    assert.deepEqual(
      validateCloseLost(bad, p, NOW).map((e) => [e.code, e.field]),
      [
        ['close/reason-required', 'reasonId'],
        ['close/events-options-conflict', 'completeOverdueEvents'],
        ['close/notes-required', 'notes'],
        ['close/contact-group-unknown', 'contactGroups'],
        ['input/date-in-past', 'followUpAt'],
      ],
    );
    assert.ok(
      validateCloseLost(bad, p, NOW).every((e) => e.message.length > 10),
      'each has a human message',
    );
  });

  test('close won validation: no company-mandatory fields, only well-formed choices', () => {
    const c = defaultCloseWonChoices(policy());
    assert.deepEqual(validateCloseWon(c, policy(), NOW), []);
    assert.deepEqual(
      validateCloseWon({ ...c, followUpAt: Infinity, notes: 'x'.repeat(4001) }, policy(), NOW).map((e) => e.code),
      ['input/text-too-long', 'input/date-invalid'],
    );
  });
});

describe('availability', () => {
  const withPermission = policy({ definedRoles: ['close-lead-lost-permission'] });

  test('close lost availability: mode and reason per user, lead and company', () => {
    const table = [
      { who: 'sam', p: policy(), l: lead(), expect: 'close' },
      { who: 'sam', p: withPermission, l: lead(), expect: 'auth/not-permitted' },
      { who: 'rita', p: withPermission, l: lead(), expect: 'request' },
      { who: 'mike', p: withPermission, l: lead(), expect: 'close' },
      { who: 'ada', p: withPermission, l: lead(), expect: 'close' },
      { who: 'rita', p: withPermission, l: lead({ closeRequestId: 'activity:r' }), expect: 'lead/close-requested' },
      { who: 'mike', p: policy(), l: lead({ status: 'closed' }), expect: 'lead/closed' },
      { who: 'mike', p: policy(), l: lead({ dealershipId: 'other' }), expect: 'auth/other-dealership' },
    ];
    for (const row of table) {
      const r = closeLostAvailability(row.l, actorOf(row.who), row.p);
      assert.equal(r.ok ? r.value.mode : r.error.code, row.expect, JSON.stringify({ who: row.who, roles: row.p.definedRoles }));
      if (!r.ok) assert.ok(r.error.message.length > 10);
    }
  });

  test('close won, reopen, decide and withdraw availability', () => {
    assert.equal(closeWonAvailability(lead(), actorOf('sam')).ok, true);
    assert.equal(closeWonAvailability(lead({ status: 'closed' }), actorOf('sam')).ok, false);
    const r1 = reopenAvailability(lead({ status: 'closed' }), actorOf('sam'));
    assert.equal(!r1.ok && r1.error.code, 'auth/not-manager');
    assert.equal(reopenAvailability(lead({ status: 'closed' }), actorOf('mike')).ok, true);
    const r2 = reopenAvailability(lead(), actorOf('mike'));
    assert.equal(!r2.ok && r2.error.code, 'lead/open');
    const request = { dealershipId: 'dealer-1', status: 'pending', actorId: 'rita' } as CloseRequest;
    assert.equal(decideAvailability(request, actorOf('mike')).ok, true);
    assert.equal(decideAvailability(request, actorOf('rita')).ok, false);
    assert.equal(decideAvailability({ ...request, status: 'approved' }, actorOf('mike')).ok, false);
    assert.equal(withdrawAvailability(request, actorOf('rita')).ok, true);
    assert.equal(withdrawAvailability(request, actorOf('mike')).ok, false);
  });

  test("roles: managers are the manager or admin role; 'Bulk Manage' may close or update many leads at once", () => {
    const table = [
      ['sam', false, false],
      ['mike', true, false],
      ['ada', true, true],
      ['bea', false, true],
    ] as const;
    for (const [who, manager, bulk] of table) {
      assert.equal(isManager(actorOf(who)), manager, who);
      assert.equal(canBulkManage(actorOf(who)), bulk, who);
    }
  });
});
