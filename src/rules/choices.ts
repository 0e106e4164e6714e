/**
 * The Close Lost / Close Won dialogs' choices: defaults, the calendar-event interlock and
 * validation that reports every problem at once.
 *
 * Decisions (see docs/rules.md):
 * - While 'Mark all incomplete calendar events as complete' is ticked, 'Mark all overdue…' is
 *   locked and shows ticked (completing all completes the overdue ones). Unticking 'all'
 *   gives 'overdue' back the value it had before 'all' was ticked.
 * - A date is "in the past" when it is before the start of the current local day, so a date
 *   picker's "today" (local midnight) is accepted.
 * - An event is "overdue" when its due time is before `now`.
 */
import type { CloseLostChoices, CloseWonChoices, CompanyPolicy, RuleError } from '../model/index.js';
import { LIMITS } from '../model/index.js';
import { isValidDate, startOfLocalDay } from './time.js';

type EventOptions = Pick<CloseLostChoices, 'completeOverdueEvents' | 'completeAllEvents'>;

/** UI-only memory of the overdue box's value from before 'all' was ticked. Rules ignore it. */
export interface EventOptionsMemo {
  overdueBeforeAll?: boolean;
}

export function defaultCloseLostChoices(policy: Pick<CompanyPolicy, 'defaultLostContactGroups'>): CloseLostChoices {
  return {
    reasonId: '',
    completeOverdueEvents: true,
    completeAllEvents: false,
    notes: '',
    contactGroups: [...policy.defaultLostContactGroups],
    followUpAt: null,
  };
}

export function defaultCloseWonChoices(policy: Pick<CompanyPolicy, 'defaultWonContactGroups'>): CloseWonChoices {
  return {
    completeOverdueEvents: true,
    completeAllEvents: false,
    notes: '',
    contactGroups: [...policy.defaultWonContactGroups],
    followUpAt: null,
  };
}

/** True while 'Mark all incomplete…' is ticked: the overdue box cannot change. */
export const isOverdueOptionLocked = (choices: EventOptions): boolean => choices.completeAllEvents;

/**
 * Sets one of the two calendar-event boxes, keeping the interlock: changing 'overdue' while
 * locked returns the choices unchanged; ticking 'all' shows 'overdue' ticked and remembers its
 * value; unticking 'all' restores it.
 */
export function setEventOption<T extends EventOptions>(choices: T & EventOptionsMemo, option: 'overdue' | 'all', value: boolean): T & EventOptionsMemo {
  if (option === 'overdue') {
    if (isOverdueOptionLocked(choices)) return choices;
    return { ...choices, completeOverdueEvents: value };
  }
  if (value === choices.completeAllEvents) return choices;
  if (value) {
    return { ...choices, completeAllEvents: true, completeOverdueEvents: true, overdueBeforeAll: choices.completeOverdueEvents };
  }
  const { overdueBeforeAll, ...rest } = choices;
  return { ...rest, completeAllEvents: false, completeOverdueEvents: overdueBeforeAll ?? choices.completeOverdueEvents } as T & EventOptionsMemo;
}

function err(code: RuleError['code'], message: string, field?: string, details?: Record<string, unknown>): RuleError {
  return { code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) };
}

/** Problems shared by both dialogs: event options, notes, contact groups, follow-up date. */
function validateCommon(
  choices: CloseWonChoices,
  policy: Pick<CompanyPolicy, 'contactGroups'>,
  now: number,
  followUpRequired: boolean,
  notesRequired: boolean,
): RuleError[] {
  const errors: RuleError[] = [];
  if (typeof choices.completeOverdueEvents !== 'boolean' || typeof choices.completeAllEvents !== 'boolean') {
    errors.push(err('input/invalid', 'The calendar event options must be true or false.', 'completeOverdueEvents'));
  } else if (choices.completeAllEvents && !choices.completeOverdueEvents) {
    errors.push(
      err(
        'close/events-options-conflict',
        "'Mark all incomplete calendar events as complete' includes the overdue ones: 'Mark all overdue' cannot be unticked while it is ticked.",
        'completeOverdueEvents',
      ),
    );
  }
  if (typeof choices.notes !== 'string') {
    errors.push(err('input/invalid', 'Notes must be text.', 'notes'));
  } else if (choices.notes.length > LIMITS.noteLength) {
    errors.push(err('input/text-too-long', `Notes are limited to ${LIMITS.noteLength} characters.`, 'notes', { max: LIMITS.noteLength }));
  } else if (notesRequired && choices.notes.trim() === '') {
    errors.push(err('close/notes-required', 'Notes are required by your company.', 'notes'));
  }
  if (!Array.isArray(choices.contactGroups)) {
    errors.push(err('input/invalid', 'Contact groups must be a list.', 'contactGroups'));
  } else {
    for (const groupId of choices.contactGroups) {
      if (!policy.contactGroups.some((g) => g.id === groupId)) {
        errors.push(err('close/contact-group-unknown', `'${String(groupId)}' is not one of the company's contact groups.`, 'contactGroups', { groupId }));
      }
    }
  }
  const followUpAt = choices.followUpAt;
  if (followUpAt === null || followUpAt === undefined) {
    if (followUpRequired) errors.push(err('close/follow-up-required', 'A follow-up date is required by your company.', 'followUpAt'));
  } else if (!isValidDate(followUpAt)) {
    errors.push(err('input/date-invalid', 'The follow-up date is not a valid date.', 'followUpAt'));
  } else if (followUpAt < startOfLocalDay(now)) {
    errors.push(err('input/date-in-past', 'The follow-up date is in the past.', 'followUpAt'));
  }
  return errors;
}

/**
 * Every problem with Close Lost choices, for inline messages. The reason is mandatory unless
 * the company removed it from policy.mandatory.closeLost; a retired or unknown reason is refused.
 */
export function validateCloseLost(
  choices: CloseLostChoices,
  policy: Pick<CompanyPolicy, 'contactGroups' | 'lostReasons' | 'mandatory'>,
  now: number,
): RuleError[] {
  if (!choices || typeof choices !== 'object') return [err('input/invalid', 'The close choices are missing.')];
  const mandatory = policy.mandatory.closeLost;
  const errors: RuleError[] = [];
  if (typeof choices.reasonId !== 'string') {
    errors.push(err('input/invalid', 'The reason must be text.', 'reasonId'));
  } else if (choices.reasonId === '') {
    if (mandatory.indexOf('reason') >= 0) errors.push(err('close/reason-required', 'Choose why the lead was lost.', 'reasonId'));
  } else {
    const reason = policy.lostReasons.find((r) => r.id === choices.reasonId);
    if (!reason || reason.retired) {
      errors.push(err('close/reason-unknown', `'${choices.reasonId}' is not one of the company's lost reasons.`, 'reasonId', { reasonId: choices.reasonId }));
    }
  }
  return [...errors, ...validateCommon(choices, policy, now, mandatory.indexOf('followUp') >= 0, mandatory.indexOf('notes') >= 0)];
}

/** Every problem with Close Won choices (no company-mandatory fields: only well-formedness). */
export function validateCloseWon(choices: CloseWonChoices, policy: Pick<CompanyPolicy, 'contactGroups'>, now: number): RuleError[] {
  if (!choices || typeof choices !== 'object') return [err('input/invalid', 'The close choices are missing.')];
  return validateCommon(choices, policy, now, false, false);
}

/** Exactly the choice fields (drops UI memos or stray keys), contact groups de-duplicated. */
export function normalizeCloseLost(c: CloseLostChoices): CloseLostChoices {
  return {
    reasonId: c.reasonId,
    completeOverdueEvents: c.completeOverdueEvents,
    completeAllEvents: c.completeAllEvents,
    notes: c.notes,
    contactGroups: unique(c.contactGroups),
    followUpAt: c.followUpAt ?? null,
  };
}

export function normalizeCloseWon(c: CloseWonChoices): CloseWonChoices {
  return {
    completeOverdueEvents: c.completeOverdueEvents,
    completeAllEvents: c.completeAllEvents,
    notes: c.notes,
    contactGroups: unique(c.contactGroups),
    followUpAt: c.followUpAt ?? null,
  };
}

export function unique(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of list) if (out.indexOf(v) < 0) out.push(v);
  return out;
}
