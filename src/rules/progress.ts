/**
 * Road-to-the-sale progress: the form's click cycle, what it saves, and how a save changes
 * the lead's steps.
 *
 * Decisions (see docs/rules.md):
 * - Ticking a step never back-fills earlier steps.
 * - A save stamps its clears at ctx.now and its ticks at ctx.now, ctx.now+1… in click order, so
 *   the last step clicked becomes the Progress; clearing the current step rolls back to the
 *   checked step with the next greatest stamp.
 * - A note alone (no tick, no clear) is "nothing to save": notes go through add-note.
 * - latestPassPerStep lists only steps whose most recent pass ticked them: a step cleared last
 *   is not "through" any more, so reports leave it out.
 */
import type { CompanyPolicy, LeadDoc, ProgressPass, ProgressUpdate, RuleError, Stamp, StepState } from '../model/index.js';
import { LIMITS } from '../model/index.js';

export type StepMark = 'empty' | 'pending-check' | 'saved' | 'pending-clear' | 'pending-recheck';

/** One click on a step: saved → pending-clear → pending-recheck → saved; empty → pending-check → empty. */
export function cycleStepMark(mark: StepMark): StepMark {
  switch (mark) {
    case 'empty':
      return 'pending-check';
    case 'pending-check':
      return 'empty';
    case 'saved':
      return 'pending-clear';
    case 'pending-clear':
      return 'pending-recheck';
    case 'pending-recheck':
      return 'saved';
  }
}

/** Green ticks ('saved') for the lead's checked steps, 'empty' for the rest, in the company's order. */
export function initialMarks(lead: Pick<LeadDoc, 'steps'>, policy: Pick<CompanyPolicy, 'progressSteps'>): Record<string, StepMark> {
  const marks: Record<string, StepMark> = {};
  for (const step of policy.progressSteps) marks[step.id] = lead.steps[step.id]?.checked ? 'saved' : 'empty';
  return marks;
}

/** True when the form has something unsaved (any red tick or pending clear). */
export const hasPendingMarks = (marks: Record<string, StepMark>): boolean =>
  Object.keys(marks).some((id) => marks[id] === 'pending-check' || marks[id] === 'pending-recheck' || marks[id] === 'pending-clear');

/**
 * The update the marks ask for. Ticks are ordered by the last click on each step (a step
 * missing from clickOrder goes last, in marks order), so the last click is the last tick.
 */
export function progressUpdateFromMarks(marks: Record<string, StepMark>, clickOrder: readonly string[], note: string): ProgressUpdate {
  const lastClick = (id: string): number => {
    const i = clickOrder.lastIndexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const ids = Object.keys(marks);
  const byClick = (a: string, b: string): number => lastClick(a) - lastClick(b) || ids.indexOf(a) - ids.indexOf(b);
  return {
    check: ids.filter((id) => marks[id] === 'pending-check' || marks[id] === 'pending-recheck').sort(byClick),
    clear: ids.filter((id) => marks[id] === 'pending-clear').sort(byClick),
    note,
  };
}

function err(code: RuleError['code'], message: string, field?: string, details?: Record<string, unknown>): RuleError {
  return { code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) };
}

/** Every problem with a progress update, for inline messages. */
export function validateProgressUpdate(
  update: ProgressUpdate,
  lead: Pick<LeadDoc, 'steps'>,
  policy: Pick<CompanyPolicy, 'progressSteps' | 'mandatory'>,
): RuleError[] {
  if (!update || !Array.isArray(update.check) || !Array.isArray(update.clear) || typeof update.note !== 'string') {
    return [err('input/invalid', 'A progress update needs the steps to tick, the steps to clear and a note.')];
  }
  const errors: RuleError[] = [];
  const known = (id: string): boolean => policy.progressSteps.some((s) => s.id === id);
  const seen: string[] = [];
  for (const id of [...update.check, ...update.clear]) {
    if (!known(id)) {
      errors.push(err('progress/step-unknown', `'${String(id)}' is not one of the company's progress steps.`, 'steps', { stepId: id }));
    } else if (seen.indexOf(id) >= 0) {
      errors.push(err('progress/step-conflict', `Step '${id}' is asked for twice in one update.`, 'steps', { stepId: id }));
    }
    seen.push(id);
  }
  for (const id of update.clear) {
    if (known(id) && !lead.steps[id]?.checked) {
      errors.push(err('progress/step-conflict', `Step '${id}' is not ticked, so it cannot be cleared.`, 'steps', { stepId: id }));
    }
  }
  if (update.check.length === 0 && update.clear.length === 0) {
    errors.push(err('progress/nothing-to-save', 'Tick or clear at least one step before saving.', 'steps'));
  }
  if (update.note.length > LIMITS.noteLength) {
    errors.push(err('input/text-too-long', `The note is limited to ${LIMITS.noteLength} characters.`, 'note', { max: LIMITS.noteLength }));
  } else if (policy.mandatory.progressNote && update.note.trim() === '') {
    errors.push(err('progress/note-required', 'A progress note is required by your company.', 'note'));
  }
  return errors;
}

/** The most recent pass per step, for reports; steps whose most recent pass cleared them are left out. */
export function latestPassPerStep(passes: readonly ProgressPass[]): Record<string, ProgressPass> {
  const latest: Record<string, ProgressPass> = {};
  for (const p of passes) {
    const current = latest[p.stepId];
    if (!current || p.at > current.at || (p.at === current.at && p.id > current.id)) latest[p.stepId] = p;
  }
  const out: Record<string, ProgressPass> = {};
  for (const id of Object.keys(latest)) {
    const p = latest[id];
    if (p && p.action === 'checked') out[id] = p;
  }
  return out;
}

export interface StepWrite {
  stepId: string;
  checked: boolean;
  stamp: Stamp;
  passId: string;
}

/** The step writes of a save: clears at `stamp.at`, ticks at stamp.at + click index. */
export function stepWrites(update: Pick<ProgressUpdate, 'check' | 'clear'>, stamp: Stamp, passId: (stepId: string) => string): StepWrite[] {
  return [
    ...update.clear.map((stepId) => ({ stepId, checked: false, stamp: { ...stamp }, passId: passId(stepId) })),
    ...update.check.map((stepId, i) => ({ stepId, checked: true, stamp: { ...stamp, at: stamp.at + i }, passId: passId(stepId) })),
  ];
}

export function applyStepWrites(steps: Record<string, StepState>, writes: readonly StepWrite[]): Record<string, StepState> {
  const next: Record<string, StepState> = { ...steps };
  for (const w of writes) next[w.stepId] = { checked: w.checked, stamp: w.stamp, passId: w.passId };
  return next;
}
