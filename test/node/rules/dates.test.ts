/** Impossible dates are refused by the rules themselves, as 'input/date-invalid', before any document is built. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from '../../../src/model/index.js';
import { LIMITS } from '../../../src/model/index.js';
import { decide, defaultCloseLostChoices, defaultCloseWonChoices, isValidDate, validateCloseLost, validateCloseWon } from '../../../src/rules/index.js';
import { DAY, NOW, ctx, event, mustFail, mustOk, policy, state } from './fixtures.js';

const YEAR_10000 = Date.UTC(10000, 0, 1);
/** Each with why it is impossible. */
const IMPOSSIBLE: Array<[string, unknown]> = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a fraction of a millisecond', NOW + DAY + 0.5],
  ['negative', -1],
  ['before 2000', Date.UTC(1999, 11, 31, 23, 59, 59, 999)],
  ['the first instant of 2100 (the bound is exclusive)', LIMITS.latestDate],
  ['the year 10000', YEAR_10000],
  ['text', '2025-07-01'],
];

describe('dates: impossible dates are input/date-invalid', () => {
  test('the bounds are 2000-01-01 (inclusive) to 2100-01-01 (exclusive), UTC, in src/model/limits.ts', () => {
    assert.equal(LIMITS.earliestDate, Date.UTC(2000, 0, 1));
    assert.equal(LIMITS.latestDate, Date.UTC(2100, 0, 1));
    assert.equal(isValidDate(LIMITS.earliestDate), true);
    assert.equal(isValidDate(LIMITS.latestDate - 1), true);
    for (const [why, value] of IMPOSSIBLE) assert.equal(isValidDate(value), false, why);
  });

  test('validateCloseLost and validateCloseWon report an impossible follow-up date on followUpAt', () => {
    for (const [why, followUpAt] of IMPOSSIBLE) {
      const lost = validateCloseLost({ ...defaultCloseLostChoices(policy()), reasonId: 'price', followUpAt: followUpAt as number }, policy(), NOW);
      assert.deepEqual(
        lost.map((e) => [e.code, e.field]),
        [['input/date-invalid', 'followUpAt']],
        `close lost, ${why}`,
      );
      const won = validateCloseWon({ ...defaultCloseWonChoices(policy()), followUpAt: followUpAt as number }, policy(), NOW);
      assert.deepEqual(
        won.map((e) => [e.code, e.field]),
        [['input/date-invalid', 'followUpAt']],
        `close won, ${why}`,
      );
    }
    const last = LIMITS.latestDate - 1;
    assert.deepEqual(
      validateCloseLost({ ...defaultCloseLostChoices(policy()), reasonId: 'price', followUpAt: last }, policy(), NOW),
      [],
      'the last accepted instant',
    );
  });

  test('close-lost, close-won, schedule-event and reschedule-event refuse an impossible date and build nothing', () => {
    const events = [event('event:b', NOW + DAY)];
    for (const [why, date] of IMPOSSIBLE) {
      const d = date as number;
      const commands: Command[] = [
        { type: 'close-lost', leadId: 'lead:1', choices: { ...defaultCloseLostChoices(policy()), reasonId: 'price', followUpAt: d } },
        { type: 'close-won', leadId: 'lead:1', choices: { ...defaultCloseWonChoices(policy()), followUpAt: d } },
        { type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'call', title: 'Call', dueAt: d } },
        { type: 'reschedule-event', leadId: 'lead:1', eventId: 'event:b', dueAt: d },
      ];
      for (const command of commands) {
        const result = decide(command, state({ events }), ctx('sam'));
        assert.equal(result.ok, false, `${command.type}, ${why}`);
        if (!result.ok) {
          assert.equal(result.error.code, 'input/date-invalid', `${command.type}, ${why}: ${result.error.message}`);
          assert.equal(result.error.field, command.type.endsWith('schedule-event') ? 'dueAt' : 'followUpAt');
        }
      }
    }
  });

  test('create-lead (and every command) refuses a clock giving an impossible date, which would stamp the documents', () => {
    const create: Command = { type: 'create-lead', lead: { customer: { name: 'A', email: '', phone: '' }, vehicle: 'V', source: 'S', salespersonId: 'sam' } };
    for (const now of [YEAR_10000, -1, Date.UTC(1970, 0, 2), NOW + 0.25]) {
      mustFail(decide(create, state({ lead: undefined }), ctx('sam', 'c-1', now)), 'input/date-invalid');
      mustFail(decide({ type: 'add-note', leadId: 'lead:1', text: 'hi' }, state(), ctx('sam', 'c-2', now)), 'input/date-invalid');
    }
    const created = mustOk(decide(create, state({ lead: undefined }), ctx('sam', 'c-3', LIMITS.earliestDate)));
    assert.equal(created.leads[0]!.createdAt, LIMITS.earliestDate);
  });
});
