/**
 * Progress commands: update-progress (the form), mark-sold and record-response (progress as a
 * side effect of another action).
 *
 * Decisions (see docs/rules.md):
 * - Progress is refused on a closed lead (reopen first), and so is a response, whether or not
 *   its 'Update Lead Progress' box is ticked (progressAvailability: responses are for open leads).
 * - Ticking the company's sold step records the sale (soldAt = the tick's time) and keeps the
 *   lead open; clearing it clears soldAt.
 * - A response's step: test drive → 'test-drive', appraisal → 'trade-in-appraisal', email and
 *   SMS responses → 'phone-call-made' (contact made). When the company's list lacks that step,
 *   asking for the tick is refused with 'progress/step-unknown' (responseProgressStep() lets
 *   the form hide the box).
 * - Every save answers outcome.promptFollowUp = 'yes': the form then asks whether to schedule a
 *   follow-up (yes opens the event form, no returns to the lead).
 */
import type {
  ChangeSet,
  Command,
  CommandContext,
  CompanyPolicy,
  DecisionState,
  LeadDoc,
  ProgressPass,
  ProgressUpdate,
  ResponseKind,
  Result,
} from '../../model/index.js';
import { LIMITS, fail } from '../../model/index.js';
import { ids } from '../ids.js';
import { applyStepWrites, stepWrites, validateProgressUpdate } from '../progress.js';
import type { Draft } from './shared.js';
import { activityBase, complete, emptyDraft, firstError, noteEntry, requireOpenLead, stampOf } from './shared.js';
import { currentProgressStep } from '../lead.js';

export const RESPONSE_STEPS: Readonly<Record<ResponseKind, string>> = {
  'test-drive': 'test-drive',
  appraisal: 'trade-in-appraisal',
  'email-response': 'phone-call-made',
  'sms-response': 'phone-call-made',
};

/** The step a response ticks, or null when the company's road-to-the-sale lacks it. */
export function responseProgressStep(kind: ResponseKind, policy: Pick<CompanyPolicy, 'progressSteps'>): string | null {
  const stepId = RESPONSE_STEPS[kind];
  return stepId && policy.progressSteps.some((s) => s.id === stepId) ? stepId : null;
}

/** Applies a (validated) update to the lead: the new steps, a pass per step, soldAt. */
function applyProgress(ctx: CommandContext, state: DecisionState, draft: Draft, lead: LeadDoc, update: ProgressUpdate, via: string): LeadDoc {
  const writes = stepWrites(update, stampOf(ctx), (stepId) => ids.pass(ctx.commandId, stepId));
  for (const w of writes) {
    const pass: ProgressPass = {
      ...activityBase(ctx, w.passId, 'progress-pass', lead.id, w.stamp.at),
      stepId: w.stepId,
      action: w.checked ? 'checked' : 'cleared',
      note: update.note,
      via: ctx.bulkId ? 'bulk' : via,
    };
    draft.activity.push(pass);
  }
  const steps = applyStepWrites(lead.steps, writes);
  const sold = writes.find((w) => w.stepId === state.policy.soldStepId);
  const soldAt = sold ? (sold.checked ? sold.stamp.at : 0) : lead.soldAt;
  return { ...lead, steps, soldAt };
}

export function decideUpdateProgress(command: Extract<Command, { type: 'update-progress' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const open = requireOpenLead(state, ctx, command.leadId);
  if (!open.ok) return open;
  const lead = open.value;
  const invalid = firstError(validateProgressUpdate(command.update, lead, state.policy));
  if (invalid) return invalid;
  const update: ProgressUpdate = { check: [...command.update.check], clear: [...command.update.clear], note: command.update.note };
  const draft = emptyDraft();
  const after = applyProgress(ctx, state, draft, lead, update, 'progress');
  if (update.note.trim() !== '') draft.activity.push(noteEntry(ctx, lead.id, update.note, 'progress'));
  draft.outcome = { outcome: 'saved', leadId: lead.id, progressStepId: currentProgressStep(after.steps), promptFollowUp: 'yes' };
  return complete(
    ctx,
    state,
    draft,
    'update-progress',
    { before: lead, after },
    { check: update.check, clear: update.clear, ...(ctx.bulkId ? { bulkId: ctx.bulkId } : {}) },
  );
}

export function decideMarkSold(command: Extract<Command, { type: 'mark-sold' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const open = requireOpenLead(state, ctx, command.leadId);
  if (!open.ok) return open;
  const lead = open.value;
  const soldStepId = state.policy.soldStepId;
  if (!state.policy.progressSteps.some((s) => s.id === soldStepId)) {
    return fail('progress/step-unknown', "The company's road-to-the-sale has no sold step.", 'steps', { stepId: soldStepId });
  }
  const draft = emptyDraft();
  const after = applyProgress(ctx, state, draft, lead, { check: [soldStepId], clear: [], note: '' }, 'sold');
  draft.outcome = { outcome: 'sold', leadId: lead.id, progressStepId: currentProgressStep(after.steps) };
  return complete(ctx, state, draft, 'mark-sold', { before: lead, after });
}

export function decideRecordResponse(command: Extract<Command, { type: 'record-response' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  // A response is for an open lead, ticked box or not (as progressAvailability says and
  // <lead-response> shows): a closed lead is reopened first.
  const open = requireOpenLead(state, ctx, command.leadId);
  if (!open.ok) return open;
  const lead = open.value;
  if (!Object.prototype.hasOwnProperty.call(RESPONSE_STEPS, command.kind)) {
    return fail('input/invalid', `'${String(command.kind)}' is not a kind of response.`, 'kind');
  }
  if (typeof command.notes !== 'string') return fail('input/invalid', 'Notes must be text.', 'notes');
  if (command.notes.length > LIMITS.noteLength) return fail('input/text-too-long', `Notes are limited to ${LIMITS.noteLength} characters.`, 'notes');
  const draft = emptyDraft();
  let after = lead;
  let stepId = '';
  if (command.updateProgress) {
    const step = responseProgressStep(command.kind, state.policy);
    if (!step) {
      return fail('progress/step-unknown', `The company's road-to-the-sale has no step for a ${command.kind}.`, 'updateProgress', {
        stepId: RESPONSE_STEPS[command.kind],
      });
    }
    stepId = step;
    after = applyProgress(ctx, state, draft, lead, { check: [step], clear: [], note: command.notes }, command.kind);
  }
  if (command.notes.trim() !== '') draft.activity.push(noteEntry(ctx, lead.id, command.notes, command.kind));
  draft.outcome = { outcome: 'recorded', leadId: lead.id, progressStepId: currentProgressStep(after.steps), ...(stepId ? { tickedStepId: stepId } : {}) };
  return complete(ctx, state, draft, 'record-response', { before: lead, after }, { kind: command.kind, updateProgress: command.updateProgress });
}
