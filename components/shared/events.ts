/**
 * The DOM events forecourt elements fire: all bubble and are composed (they leave shadow roots),
 * all carry a typed `detail`. Events named `…-request` or `…-save` are cancelable and fire before
 * the action: a host calling `preventDefault()` vetoes it.
 */
import type { CloseLostChoices, CloseWonChoices, Interest, ProgressUpdate, RuleError, CalendarEventType } from '../../src/model/index.js';
import type { LeadStore } from '../../src/store/api.js';
import type { SyncLike } from './store-context.js';

export interface ForecourtEventMap {
  /** <lead-store>: the store is open (and sync started when configured). */
  'store-ready': { store: LeadStore; sync: SyncLike | null };
  /** <lead-store>: the server refused the credentials; set `credentials` to resume. */
  'sync-unauthorized': { url: string };
  /** Cancelable, before a progress update is written. */
  'progress-save': { leadId: string; update: ProgressUpdate };
  'progress-saved': { leadId: string; update: ProgressUpdate; commandId: string; progressStepId: string };
  /** The answer to "Schedule a follow-up?" after a progress save. */
  'follow-up-prompt': { leadId: string; answer: 'yes' | 'no' };
  /** Cancelable, before a calendar event is written. */
  'follow-up-schedule': { leadId: string; eventType: CalendarEventType; title: string; dueAt: number };
  'follow-up-scheduled': { leadId: string; eventType: CalendarEventType; title: string; dueAt: number; commandId: string };
  /** The follow-up form was dismissed without scheduling. */
  'follow-up-cancelled': { leadId: string };
  /** Cancelable, before Close Lost acts (closes, or sends a request when `mode` is 'request'). */
  'close-lost-request': { leadId: string; choices: CloseLostChoices; mode: 'close' | 'request' };
  /** Cancelable, before Close Won acts. */
  'close-won-request': { leadId: string; choices: CloseWonChoices };
  'lead-closed': { leadId: string; outcome: 'lost' | 'won'; commandId: string };
  'close-requested': { leadId: string; requestId: string; commandId: string };
  /** Cancelable, before the interest is written. */
  'interest-change': { leadId: string; interest: Interest };
  'interest-changed': { leadId: string; interest: Interest; commandId: string };
  /** A command was refused by the rules; the element shows the message inline as well. */
  'command-failed': { leadId: string; command: string; error: RuleError };
}

export type ForecourtEventName = keyof ForecourtEventMap;

declare global {
  interface GlobalEventHandlersEventMap {
    'store-ready': CustomEvent<ForecourtEventMap['store-ready']>;
    'sync-unauthorized': CustomEvent<ForecourtEventMap['sync-unauthorized']>;
    'progress-save': CustomEvent<ForecourtEventMap['progress-save']>;
    'progress-saved': CustomEvent<ForecourtEventMap['progress-saved']>;
    'follow-up-prompt': CustomEvent<ForecourtEventMap['follow-up-prompt']>;
    'follow-up-schedule': CustomEvent<ForecourtEventMap['follow-up-schedule']>;
    'follow-up-scheduled': CustomEvent<ForecourtEventMap['follow-up-scheduled']>;
    'follow-up-cancelled': CustomEvent<ForecourtEventMap['follow-up-cancelled']>;
    'close-lost-request': CustomEvent<ForecourtEventMap['close-lost-request']>;
    'close-won-request': CustomEvent<ForecourtEventMap['close-won-request']>;
    'lead-closed': CustomEvent<ForecourtEventMap['lead-closed']>;
    'close-requested': CustomEvent<ForecourtEventMap['close-requested']>;
    'interest-change': CustomEvent<ForecourtEventMap['interest-change']>;
    'interest-changed': CustomEvent<ForecourtEventMap['interest-changed']>;
    'command-failed': CustomEvent<ForecourtEventMap['command-failed']>;
  }
}

/** Fires a forecourt event from `host`; returns false when a listener cancelled it. */
export function emit<K extends ForecourtEventName>(host: EventTarget, name: K, detail: ForecourtEventMap[K], options: { cancelable?: boolean } = {}): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}
