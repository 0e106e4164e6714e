import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeadDoc, ProgressPass, StepState } from '../../../src/model/index.js';
import {
  currentProgressStep,
  cycleStepMark,
  decide,
  initialMarks,
  latestPassPerStep,
  progressUpdateFromMarks,
  validateProgressUpdate,
} from '../../../src/rules/index.js';
import type { StepMark } from '../../../src/rules/index.js';
import { DAY, NOW, audits, ctx, lead, mustFail, mustOk, ofKind, onlyLead, policy, state } from './fixtures.js';

const step = (at: number, checked = true, deviceId = 'd1'): StepState => ({ checked, stamp: { at, deviceId, by: 'sam' }, passId: `activity:c${at}:pass` });
const update = (check: string[], clear: string[] = [], note = '') => ({ type: 'update-progress' as const, leadId: 'lead:1', update: { check, clear, note } });
const save = (l: LeadDoc, check: string[], clear: string[] = [], note = '', at = NOW, commandId = 'p-1') =>
  onlyLead(mustOk(decide(update(check, clear, note), state({ lead: l }), ctx('sam', commandId, at))));

describe('progress', () => {
  test("contract 6: progress is a set of road-to-the-sale steps, the company's list in order", () => {
    const marks = initialMarks(lead(), policy());
    assert.deepEqual(Object.keys(marks), [
      'awaiting-action',
      'phone-call-made',
      'meet-and-qualify',
      'test-drive',
      'trade-in-appraisal',
      'present-deal',
      'finance',
      'sold',
      'delivery',
      'follow-up',
    ]);
    const custom = policy({
      progressSteps: [
        { id: 'b', label: 'B' },
        { id: 'a', label: 'A' },
      ],
    });
    assert.deepEqual(Object.keys(initialMarks(lead(), custom)), ['b', 'a']);
    mustFail(decide(update(['unknown-step']), state(), ctx('sam')), 'progress/step-unknown');
  });

  test('contract 6 — progress: ticking a step does not back-fill earlier steps', () => {
    const l = save(lead(), ['present-deal']);
    assert.deepEqual(Object.keys(l.steps), ['present-deal']);
    assert.equal(l.progressStepId, 'present-deal');
  });

  test('contract 6 — progress: saved ticks show green, unsaved ticks red; nothing is kept until Save', () => {
    const l = lead({ steps: { 'phone-call-made': step(NOW - DAY) } });
    const marks = initialMarks(l, policy());
    assert.equal(marks['phone-call-made'], 'saved', 'green');
    assert.equal(marks['test-drive'], 'empty');
    const clicked = { ...marks, 'test-drive': cycleStepMark(marks['test-drive']!) };
    assert.equal(clicked['test-drive'], 'pending-check', 'red');
    assert.deepEqual(l.steps, { 'phone-call-made': step(NOW - DAY) }, 'the lead is untouched by clicks');
  });

  test('contract 6 — progress clicks: a saved step cycles saved → cleared → re-ticked → saved; an unsaved one empty → ticked → empty', () => {
    const table: Array<[StepMark, StepMark]> = [
      ['saved', 'pending-clear'],
      ['pending-clear', 'pending-recheck'],
      ['pending-recheck', 'saved'],
      ['empty', 'pending-check'],
      ['pending-check', 'empty'],
    ];
    for (const [from, to] of table) assert.equal(cycleStepMark(from), to, from);
  });

  test('contract 6 — progress: clicking a saved step clears it (a delete on save); clicking again re-ticks it red (a new pass on save)', () => {
    const l = lead({ steps: { 'test-drive': step(NOW - 2 * DAY), finance: step(NOW - DAY) } });
    const marks = initialMarks(l, policy());
    const cleared = { ...marks, finance: cycleStepMark(marks.finance!) };
    assert.deepEqual(progressUpdateFromMarks(cleared, ['finance'], ''), { check: [], clear: ['finance'], note: '' });
    const reticked = { ...cleared, finance: cycleStepMark(cleared.finance!) };
    assert.deepEqual(progressUpdateFromMarks(reticked, ['finance', 'finance'], ''), { check: ['finance'], clear: [], note: '' });
    const cs = mustOk(decide(update(['finance']), state({ lead: l }), ctx('sam', 'p-2')));
    const [pass] = ofKind(cs, 'progress-pass');
    assert.equal(pass!.id, 'activity:p-2:pass:finance');
    assert.equal(pass!.action, 'checked');
    assert.equal(onlyLead(cs).steps.finance!.passId, 'activity:p-2:pass:finance', 'a new pass replaces the old state');
    const del = mustOk(decide(update([], ['finance']), state({ lead: l }), ctx('sam', 'p-3')));
    assert.equal(ofKind(del, 'progress-pass')[0]!.action, 'cleared');
    assert.equal(onlyLead(del).steps.finance!.checked, false, 'the cleared step stays as a tombstone so merges keep it cleared');
  });

  test("contract 6: after a save the lead's Progress is the step most recently checked (by time, not by position)", () => {
    const l = save(lead(), ['finance', 'phone-call-made']);
    assert.equal(l.progressStepId, 'phone-call-made', 'clicked last, though earlier in the list');
    assert.ok(l.steps['phone-call-made']!.stamp.at > l.steps.finance!.stamp.at);
    const later = save(l, ['test-drive'], [], '', NOW + DAY, 'p-2');
    assert.equal(later.progressStepId, 'test-drive');
  });

  test('progress: clearing the current step rolls back to the previous most recent one', () => {
    let l = save(lead(), ['test-drive'], [], '', NOW - 2 * DAY, 'p-1');
    l = save(l, ['finance'], [], '', NOW - DAY, 'p-2');
    l = save(l, ['phone-call-made'], [], '', NOW - DAY / 2, 'p-3');
    assert.equal(l.progressStepId, 'phone-call-made');
    l = save(l, [], ['phone-call-made'], '', NOW, 'p-4');
    assert.equal(l.progressStepId, 'finance');
    l = save(l, [], ['finance'], '', NOW + 1000, 'p-5');
    assert.equal(l.progressStepId, 'test-drive');
    l = save(l, [], ['test-drive'], '', NOW + 2000, 'p-6');
    assert.equal(l.progressStepId, '', 'no step left');
  });

  test('progress: the current step is the checked step with the greatest stamp; ties break by device then pass id', () => {
    const table: Array<[Record<string, StepState>, string]> = [
      [{}, ''],
      [{ a: step(5), b: step(9) }, 'b'],
      [{ a: step(9), b: step(5) }, 'a'],
      [{ a: step(9, false), b: step(5) }, 'b'],
      [{ a: step(9, true, 'd2'), b: step(9, true, 'd1') }, 'a'],
      [{ a: step(9, true, 'd1'), b: { ...step(9, true, 'd1'), passId: 'activity:z' } }, 'b'],
    ];
    for (const [steps, expected] of table) assert.equal(currentProgressStep(steps), expected, JSON.stringify(steps));
  });

  test("contract 7: every pass through a step is kept in the lead's audit; reports use the most recent pass", () => {
    let l = lead();
    const passes: ProgressPass[] = [];
    const run = (check: string[], clear: string[], at: number, id: string) => {
      const cs = mustOk(decide(update(check, clear), state({ lead: l }), ctx('sam', id, at)));
      passes.push(...ofKind(cs, 'progress-pass'));
      assert.equal(audits(cs).length, 1);
      assert.deepEqual(
        audits(cs)[0]!.changes.activity,
        ofKind(cs, 'progress-pass').map((p) => p.id),
      );
      l = onlyLead(cs);
    };
    run(['test-drive'], [], NOW - 3 * DAY, 'p-1');
    run(['test-drive'], [], NOW - 2 * DAY, 'p-2');
    run(['finance'], [], NOW - DAY, 'p-3');
    run([], ['finance'], NOW, 'p-4');
    assert.equal(passes.length, 4, 'every pass and removal is its own document');
    const latest = latestPassPerStep(passes);
    assert.deepEqual(Object.keys(latest), ['test-drive'], 'finance was cleared last, so reports leave it out');
    assert.equal(latest['test-drive']!.id, 'activity:p-2:pass:test-drive');
    assert.equal(latest['test-drive']!.at, NOW - 2 * DAY);
  });

  test("contract 8: a progress note can be added with the update and goes to the lead's notes", () => {
    const cs = mustOk(decide(update(['test-drive'], [], 'Loved the RAV4'), state(), ctx('sam', 'p-1')));
    const [note] = ofKind(cs, 'note');
    assert.equal(note!.text, 'Loved the RAV4');
    assert.equal(note!.context, 'progress');
    assert.equal(ofKind(cs, 'progress-pass')[0]!.note, 'Loved the RAV4', 'the pass carries it so the server can check a mandatory note');
    assert.equal(ofKind(mustOk(decide(update(['test-drive']), state(), ctx('sam'))), 'note').length, 0);
  });

  test('contract 8: the company can make the progress note mandatory', () => {
    const s = state({ policy: policy({ mandatory: { closeLost: ['reason'], progressNote: true } }) });
    mustFail(decide(update(['test-drive'], [], '  '), s, ctx('sam')), 'progress/note-required');
    assert.equal(decide(update(['test-drive'], [], 'called back'), s, ctx('sam')).ok, true);
  });

  test('contract 9: after a save, the user is asked whether to schedule a follow-up', () => {
    const cs = mustOk(decide(update(['test-drive']), state(), ctx('sam')));
    assert.equal(cs.outcome.promptFollowUp, 'yes');
    assert.equal(cs.outcome.progressStepId, 'test-drive');
    assert.equal(cs.events.length, 0, "the follow-up is the user's choice, not created by the save");
  });

  test('progress: every problem is reported at once (unknown step, conflict, nothing to save, note)', () => {
    const p = policy({ mandatory: { closeLost: ['reason'], progressNote: true } });
    const l = lead({ steps: { finance: step(NOW - DAY) } });
    const table: Array<[{ check: string[]; clear: string[]; note: string }, string[]]> = [
      [{ check: [], clear: [], note: 'x' }, ['progress/nothing-to-save']],
      [{ check: ['nope'], clear: [], note: '' }, ['progress/step-unknown', 'progress/note-required']],
      [{ check: ['finance'], clear: ['finance'], note: 'x' }, ['progress/step-conflict']],
      [{ check: [], clear: ['sold'], note: 'x' }, ['progress/step-conflict']],
      [{ check: ['sold', 'sold'], clear: [], note: 'x' }, ['progress/step-conflict']],
      [{ check: ['sold'], clear: [], note: 'x'.repeat(4001) }, ['input/text-too-long']],
      [{ check: ['sold'], clear: ['finance'], note: 'ok' }, []],
    ];
    for (const [u, codes] of table)
      assert.deepEqual(
        validateProgressUpdate(u, l, p).map((e) => e.code),
        codes,
        JSON.stringify(u),
      );
  });

  test("progress: the form's update lists ticks in click order (the last click is the last tick)", () => {
    const marks: Record<string, StepMark> = { a: 'pending-check', b: 'pending-recheck', c: 'saved', d: 'pending-clear', e: 'empty' };
    const u = progressUpdateFromMarks(marks, ['b', 'a', 'e', 'e', 'd', 'b', 'b'], 'n');
    assert.deepEqual(u, { check: ['a', 'b'], clear: ['d'], note: 'n' });
  });

  test('progress: ticking the sold step records a sale but keeps the lead open; clearing it clears the sale', () => {
    const sold = save(lead(), ['sold']);
    assert.equal(sold.status, 'open');
    assert.equal(sold.soldAt, NOW);
    const unsold = save(sold, [], ['sold'], '', NOW + 1000, 'p-2');
    assert.equal(unsold.soldAt, 0);
  });

  test('progress: a closed lead is reopened before its progress changes', () => {
    mustFail(decide(update(['sold']), state({ lead: lead({ status: 'closed', outcome: 'won' }) }), ctx('sam')), 'lead/closed');
  });

  test('progress: the lead is stamped and re-derived; the audit lists the step changes', () => {
    const cs = mustOk(decide(update(['finance', 'test-drive']), state(), ctx('sam', 'p-7')));
    const l = onlyLead(cs);
    assert.deepEqual(l.steps['finance']!.stamp, { at: NOW, deviceId: 'device-sam', by: 'sam' });
    assert.deepEqual(l.steps['test-drive']!.stamp, { at: NOW + 1, deviceId: 'device-sam', by: 'sam' });
    assert.equal(l.updatedAt, NOW);
    assert.equal(l.actionAt, NOW, 'no events: the action date is the last update');
    assert.deepEqual(audits(cs)[0]!.changes.steps, { finance: [null, true], 'test-drive': [null, true] });
    assert.deepEqual(audits(cs)[0]!.changes.progressStepId, ['', 'test-drive']);
  });
});
