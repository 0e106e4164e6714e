/**
 * The one localisation layer: every text a person reads goes through `msg`, every date and number
 * through `Intl`. English is built in; a host adds a language with `addTranslations` and sets
 * `<html lang>` (or calls `setLocale`).
 */
import type { ErrorCode, RuleError } from '../../src/model/index.js';

const en = {
  'store.connecting': 'Connecting…',
  'store.unconfigured': 'Not connected: set the dealership attribute or place the element inside <lead-store>.',
  'store.failed': 'The lead store could not open: {error}',
  'store.no-actor': 'No user is signed in.',
  'lead.loading': 'Loading lead…',
  'lead.missing': 'This lead was not found.',
  'lead.closed-elsewhere': 'This lead was closed meanwhile (on another device or by someone else). Nothing was saved.',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.required': 'required',
  'common.optional': 'optional',
  'common.errors-summary': 'Please correct the highlighted fields.',
  'progress.label': 'Road to the sale',
  'progress.current': 'Progress: {step}',
  'progress.none': 'No progress yet',
  'progress.saved': 'Saved',
  'progress.pending-check': 'Ticked, not saved',
  'progress.pending-clear': 'Will be cleared on save',
  'progress.pending-recheck': 'Ticked again, not saved',
  'progress.empty': 'Not ticked',
  'progress.not-on-server': 'not yet on the server',
  'progress.note': 'Progress note',
  'progress.unsaved-hint': 'Ticks marked "not saved" (red, dashed) are kept only when you save.',
  'progress.saved-message': 'Progress saved.',
  'progress.follow-up-prompt': 'Schedule a follow-up?',
  'progress.follow-up-prompt-help': 'Tell us what you did, and what you will do next.',
  'progress.keyboard-help': 'Arrow keys move between steps, Space ticks, Enter saves, Escape cancels.',
  'progress.closed': 'This lead is closed; its progress cannot change. A manager can reopen it.',
  'interest.closed': 'This lead is closed; its interest cannot change. A manager can reopen it.',
  'interest.label': 'Interest',
  'interest.not-set': 'Not Set',
  'interest.cold': 'Cold',
  'interest.warm': 'Warm',
  'interest.hot': 'Hot',
  'close-lost.trigger': 'Close Lost',
  'close-lost.trigger-request': 'Request Close Lost',
  'close-lost.title': 'Close lead as lost',
  'close-lost.title-request': 'Request to close lead as lost',
  'close-lost.request-explainer': 'Your manager must approve this request. The lead closes once the manager approves it.',
  'close-lost.reason': 'Reason',
  'close-lost.reason-placeholder': 'Choose a reason',
  'close-lost.submit': 'Close lead as lost',
  'close-lost.submit-request': 'Send request',
  'close-lost.requested': 'Close requested: waiting for a manager.',
  'close-lost.unavailable.not-permitted': 'Your role does not allow closing leads as lost.',
  'unavailable.no-actor': 'Sign in to change this lead.',
  'unavailable.closed': 'This lead is already closed.',
  'unavailable.requested': 'A close request for this lead is waiting for a manager.',
  'unavailable.not-manager': 'Only a manager can do this.',
  'unavailable.other-dealership': 'This lead belongs to another dealership.',
  'close-won.trigger': 'Close Won',
  'close-won.title': 'Close lead as won',
  'close-won.submit': 'Close lead as won',
  'close-won.follow-up': 'Post sale follow up',
  'close-won.follow-up-help': "Creates a 'Post Sale Follow Up' calendar event.",
  'close.calendar-events': 'Calendar events',
  'close.overdue-events': 'Mark all overdue calendar events as complete',
  'close.all-events': 'Mark all incomplete calendar events as complete',
  'close.overdue-locked': 'Included while "Mark all incomplete calendar events as complete" is ticked: untick it first to change this.',
  'close.notes': 'Notes',
  'close.contact-groups': 'Add the customer to contact groups',
  'close.follow-up': 'Follow up date',
  'close.follow-up-help': "Creates a 'Closed Lost Lead Follow Up' calendar event.",
  'follow-up.title': 'Schedule a follow-up',
  'follow-up.type': 'Event type',
  'follow-up.event-title': 'Title',
  'follow-up.due-date': 'Due date',
  'follow-up.due-time': 'Time',
  'follow-up.notes': 'Notes',
  'follow-up.submit': 'Schedule',
  'follow-up.scheduled': 'Follow-up scheduled.',
  'follow-up.default-title': 'Follow up with {name}',
  'event-type.follow-up': 'Follow Up',
  'event-type.closed-lost-follow-up': 'Closed Lost Lead Follow Up',
  'event-type.post-sale-follow-up': 'Post Sale Follow Up',
  'event-type.appointment': 'Appointment',
  'event-type.test-drive': 'Test Drive',
  'event-type.call': 'Call',
  'activity.label': 'Lead activity',
  'activity.empty': 'No activity yet.',
  'activity.audit': '{action}',
  'activity.note': 'Note ({context})',
  'activity.note.note': 'Note',
  'activity.note.progress': 'Progress note',
  'activity.note.close-lost': 'Close lost note',
  'activity.note.close-won': 'Close won note',
  'activity.note.reopen': 'Reopen note',
  'activity.note.test-drive': 'Test drive note',
  'activity.note.appraisal': 'Appraisal note',
  'activity.note.email-response': 'Email response note',
  'activity.note.sms-response': 'SMS response note',
  'activity.pass-checked': 'Progress: {step} ticked',
  'activity.pass-cleared': 'Progress: {step} cleared',
  'activity.close-request': 'Close-lost request: {status}',
  'activity.notification': 'Notification to {recipient}: {topic}',
  'activity.merge': 'Concurrent edit of {field}: kept {kept}, lost {lost}',
  'activity.rejection': 'Refused by the server ({error}): {reason}',
  'activity.by': 'by {actor}',
  'action.create-lead': 'Created the lead',
  'action.close-lost': 'Closed the lead as lost',
  'action.decide-close-request': 'Decided a close request',
  'action.withdraw-close-request': 'Withdrew a close request',
  'action.close-won': 'Closed the lead as won',
  'action.mark-sold': 'Recorded a sale',
  'action.reopen': 'Reopened the lead',
  'action.update-progress': 'Updated progress',
  'action.set-interest': 'Set the interest',
  'action.add-note': 'Added a note',
  'action.schedule-event': 'Scheduled a calendar event',
  'action.complete-events': 'Completed calendar events',
  'action.record-response': 'Recorded a response',
  'action.assign': 'Assigned the lead',
  'action.mark-notification-read': 'Read a notification',
  'action.update-policy': 'Changed the company preferences',
  'action.upsert-user': 'Changed a user',
  'sync.label': 'Sync',
  'sync.none': 'Local only',
  'sync.connecting': 'Connecting',
  'sync.live': 'Live',
  'sync.offline': 'Offline',
  'sync.paused': 'Paused',
  'sync.unauthorized': 'Sign-in needed',
  'sync.error': 'Sync error',
  'sync.error.not-set-up':
    "This dealership's database on the server is not set up for forecourt yet: an administrator runs forecourt-setup. Changes are kept on this device meanwhile.",
  'sync.error.forbidden': 'The server refused access to this dealership with these credentials: sign in as someone who belongs to it.',
  'sync.error.unauthorized': 'The server did not accept the sign-in: sign in again.',
  'sync.error.cookie-blocked':
    "Signed in, but this browser does not send the sign-in cookie to the server (it is on another site): the site's administrator switches forecourt to password or token sign-in.",
  'sync.error.server': 'The server answered with an error; it is tried again regularly. Changes are kept on this device meanwhile.',
  'sync.pending.one': '{count} change waiting to upload',
  'sync.pending.other': '{count} changes waiting to upload',
  'sync.last': 'Last sync {time}',
  'sync.never': 'Never synced',
} as const;

export type MsgKey = keyof typeof en;
type Catalogue = Partial<Record<MsgKey, string>>;

const errorsEn: Record<ErrorCode, string> = {
  'input/invalid': 'This value is not valid.',
  'input/date-invalid': 'This is not a valid date.',
  'input/date-in-past': 'The date is in the past: choose today or later.',
  'input/text-too-long': 'This text is too long.',
  'input/unknown-field': 'An unknown field was sent.',
  'lead/not-found': 'This lead was not found.',
  'lead/closed': 'This lead is already closed (perhaps on another device).',
  'lead/open': 'This lead is open.',
  'lead/close-requested': 'A close request for this lead is already waiting for a manager.',
  'event/not-found': 'This calendar event was not found.',
  'event/completed': 'This calendar event is already complete.',
  'request/not-found': 'This request was not found.',
  'request/already-decided': 'This request has already been decided.',
  'user/not-found': 'This user was not found.',
  'notification/not-found': 'This notification was not found.',
  'auth/no-actor': 'No user is signed in.',
  'auth/not-permitted': 'You are not allowed to do this.',
  'auth/not-manager': 'Only a manager can do this.',
  'auth/not-admin': 'Only an administrator can do this.',
  'auth/bulk-manage-required': 'This needs the Bulk Manage role.',
  'auth/other-dealership': 'This belongs to another dealership.',
  'close/reason-required': 'Choose why the lead was lost.',
  'close/reason-unknown': 'This reason is not offered any more.',
  'close/notes-required': 'Notes are required by your company.',
  'close/follow-up-required': 'A follow-up date is required by your company.',
  'close/contact-group-unknown': 'This contact group does not exist.',
  'close/events-options-conflict': "'Mark all incomplete calendar events' includes the overdue ones.",
  'progress/step-unknown': 'This progress step does not exist.',
  'progress/note-required': 'A progress note is required by your company.',
  'progress/nothing-to-save': 'Tick or clear at least one step before saving.',
  'progress/step-conflict': 'This step changed meanwhile; check the steps and save again.',
  'interest/unknown': 'This interest level does not exist.',
  'command/duplicate': 'This action was already done.',
  'command/unknown': 'This action is not known.',
  'command/conflict': 'Someone else was changing this lead at the same moment: try again.',
  'policy/invalid': 'The company preferences are not valid.',
  'doc/invalid': 'The data is not valid.',
  'doc/immutable': 'This record cannot be changed.',
  'doc/forbidden': 'The server refused this change.',
};

const catalogues = new Map<string, { messages: Catalogue; errors: Partial<Record<ErrorCode, string>> }>([['en', { messages: en, errors: errorsEn }]]);
let forcedLocale: string | null = null;

/** Adds or extends a language (e.g. 'fr'); missing keys fall back to English. */
export function addTranslations(locale: string, messages: Catalogue, errors: Partial<Record<ErrorCode, string>> = {}): void {
  const known = catalogues.get(locale) ?? { messages: {}, errors: {} };
  catalogues.set(locale, { messages: { ...known.messages, ...messages }, errors: { ...known.errors, ...errors } });
}

export function setLocale(locale: string | null): void {
  forcedLocale = locale;
}

export function currentLocale(): string {
  if (forcedLocale) return forcedLocale;
  const lang = typeof document !== 'undefined' ? document.documentElement.lang : '';
  return lang || (typeof navigator !== 'undefined' ? navigator.language : 'en') || 'en';
}

function lookup(pick: (c: { messages: Catalogue; errors: Partial<Record<ErrorCode, string>> }) => string | undefined): string | undefined {
  const locale = currentLocale();
  for (const candidate of [locale, locale.split('-')[0] ?? locale, 'en']) {
    const c = catalogues.get(candidate);
    const text = c ? pick(c) : undefined;
    if (text !== undefined) return text;
  }
  return undefined;
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function msg(key: MsgKey, params?: Record<string, string | number>): string {
  return fill(lookup((c) => c.messages[key]) ?? en[key], params);
}

/**
 * A message whose wording depends on a count: `<base>.<plural category>` for the current locale
 * (Intl.PluralRules: one, few, many, other…), falling back to `<base>.other`.
 */
export function msgCount(base: string, count: number, params?: Record<string, string | number>): string {
  let category: string = 'other';
  try {
    category = new Intl.PluralRules(currentLocale()).select(count);
  } catch {
    // an unknown locale tag: 'other'
  }
  const key = (`${base}.${category}` in en ? `${base}.${category}` : `${base}.other`) as MsgKey;
  return msg(key, { count: new Intl.NumberFormat(currentLocale()).format(count), ...params });
}

/** A readable name for a command type (audit entries); the type itself when unknown. */
export function actionLabel(action: string): string {
  const key = `action.${action}` as MsgKey;
  return key in en ? msg(key) : action;
}

/**
 * A readable name for a note by what wrote it (its `context`: 'note', 'progress', 'close-lost',
 * 'close-won', 'reopen', or a response's kind such as 'test-drive'); "Note (context)" when unknown.
 */
export function noteLabel(context: string): string {
  const key = `activity.note.${context}` as MsgKey;
  return key in en ? msg(key) : msg('activity.note', { context });
}

/** Messages for why an action is unavailable, by the rules' error code; per action where the wording differs. */
const UNAVAILABLE: Record<'' | 'close-lost' | 'progress' | 'interest', Partial<Record<ErrorCode, MsgKey>>> = {
  '': {
    'auth/no-actor': 'unavailable.no-actor',
    'lead/closed': 'unavailable.closed',
    'lead/close-requested': 'unavailable.requested',
    'auth/not-manager': 'unavailable.not-manager',
    'auth/other-dealership': 'unavailable.other-dealership',
  },
  'close-lost': { 'auth/not-permitted': 'close-lost.unavailable.not-permitted' },
  progress: { 'lead/closed': 'progress.closed' },
  interest: { 'lead/closed': 'interest.closed' },
};

/** Why an action the rules refused (src/rules/availability.ts) is unavailable, in words for the user. */
export function unavailableReason(error: Pick<RuleError, 'code' | 'message'>, action: keyof typeof UNAVAILABLE = ''): string {
  const key = UNAVAILABLE[action][error.code] ?? UNAVAILABLE[''][error.code];
  return key ? msg(key) : errorMessage(error);
}

/**
 * Whether `code` is one of the rules' error codes, which every catalogue words (a refusal from
 * the server's validate_doc_update starts with one: 'auth/not-permitted: …').
 */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorsEn, code);
}

/** A readable message for a rule's typed error. */
export function errorMessage(error: Pick<RuleError, 'code' | 'message'>): string {
  return lookup((c) => c.errors[error.code]) ?? error.message;
}

export function formatDate(ms: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium' }).format(ms);
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(currentLocale()).format(n);
}
