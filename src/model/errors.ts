/**
 * Typed errors. Every refusal has a stable `code` a UI translates, a developer message, and,
 * where one input is at fault, the `field` to show it next to.
 */
export type ErrorCode =
  // input
  | 'input/invalid'
  | 'input/date-invalid'
  | 'input/date-in-past'
  | 'input/text-too-long'
  | 'input/unknown-field'
  // lookups
  | 'lead/not-found'
  | 'lead/closed'
  | 'lead/open'
  | 'lead/close-requested'
  | 'event/not-found'
  /** The event is complete: it cannot be rescheduled. */
  | 'event/completed'
  | 'request/not-found'
  | 'request/already-decided'
  | 'user/not-found'
  | 'notification/not-found'
  // permissions
  | 'auth/no-actor'
  | 'auth/not-permitted'
  | 'auth/not-manager'
  | 'auth/not-admin'
  | 'auth/bulk-manage-required'
  | 'auth/other-dealership'
  // close lost / won
  | 'close/reason-required'
  | 'close/reason-unknown'
  | 'close/notes-required'
  | 'close/follow-up-required'
  | 'close/contact-group-unknown'
  | 'close/events-options-conflict'
  // progress
  | 'progress/step-unknown'
  | 'progress/note-required'
  | 'progress/nothing-to-save'
  | 'progress/step-conflict'
  // interest
  | 'interest/unknown'
  // commands
  | 'command/duplicate'
  | 'command/unknown'
  /** The documents the command was decided on kept changing (e.g. another tab on the same lead): try again. */
  | 'command/conflict'
  // policy
  | 'policy/invalid'
  // documents (backstop validation, also on the server)
  | 'doc/invalid'
  | 'doc/immutable'
  | 'doc/forbidden';

export interface RuleError {
  code: ErrorCode;
  message: string;
  /** The input field at fault, when there is one (e.g. 'reasonId', 'followUpAt', 'note'). */
  field?: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: RuleError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, field?: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: { code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) },
});

/** Thrown by APIs that cannot return a Result (e.g. a store that cannot open). */
export class ForecourtError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(error: RuleError) {
    super(error.message);
    this.name = 'ForecourtError';
    this.code = error.code;
    this.field = error.field;
    this.details = error.details;
  }
}

/** Limits on free text, shared by the rules, the schemas and the server (own module: the server bundle imports it alone). */
export { LIMITS } from './limits.js';
