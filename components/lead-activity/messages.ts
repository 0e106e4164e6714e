/**
 * The activity list's own texts (the shared catalogue holds the rest), following the shared
 * layer's locale (`<html lang>` / setLocale); a host adds a language with
 * `addActivityTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'activity.not-applied': 'Not applied',
  'activity.stood.approved': '{name} had already approved the request.',
  'activity.stood.declined': '{name} had already declined the request.',
  'activity.stood.withdrawn': '{name} had already withdrawn the request.',
  // A notification entry, by its topic (the shared 'activity.notification' for an unknown one).
  'activity.notification.lead-closed-lost': '{recipient} was notified that the lead was closed as lost',
  'activity.notification.close-request-submitted': '{recipient} was asked to approve or decline the close-lost request',
  'activity.notification.close-request-approved': '{recipient} was notified that the close-lost request was approved',
  'activity.notification.close-request-declined': '{recipient} was notified that the close-lost request was declined',
  // A change the server refused, named by the audit entry of its command ('activity.rejected.<action>').
  'activity.rejected.create-lead': 'Your new lead was refused by the server.',
  'activity.rejected.close-lost': 'Your close of this lead as lost was refused by the server.',
  'activity.rejected.close-lost.request': 'Your request to close this lead as lost was refused by the server.',
  'activity.rejected.decide-close-request': 'Your decision on the close-lost request was refused by the server.',
  'activity.rejected.decide-close-request.approve': 'Your approval of the close-lost request was refused by the server.',
  'activity.rejected.decide-close-request.decline': 'Your decline of the close-lost request was refused by the server.',
  'activity.rejected.withdraw-close-request': 'Your withdrawal of the close-lost request was refused by the server.',
  'activity.rejected.close-won': 'Your close of this lead as won was refused by the server.',
  'activity.rejected.mark-sold': 'The sale you recorded for this lead was refused by the server.',
  'activity.rejected.reopen': 'Your reopening of this lead was refused by the server.',
  'activity.rejected.update-progress': 'Your progress update was refused by the server.',
  'activity.rejected.set-interest': 'Your change of interest was refused by the server.',
  'activity.rejected.add-note': 'Your note was refused by the server.',
  'activity.rejected.schedule-event': 'The calendar event you scheduled was refused by the server.',
  'activity.rejected.reschedule-event': 'Your change to a calendar event was refused by the server.',
  'activity.rejected.complete-events': 'Your completion of calendar events was refused by the server.',
  'activity.rejected.record-response': 'The response you recorded was refused by the server.',
  'activity.rejected.assign': 'Your assignment of this lead was refused by the server.',
  'activity.rejected.mark-notification-read': 'Your marking of a notification as read was refused by the server.',
  /** No audit entry of the command is known here. */
  'activity.rejected.lead': 'Your change to this lead was refused by the server.',
  'activity.rejected.change': 'Your change was refused by the server.',
  /** The change was someone else's (another person signed in on this device). */
  'activity.rejected.other': 'A change by {actor} was refused by the server: {action}.',
  'activity.rejected.other-unknown': 'A change by {actor} was refused by the server.',
  'activity.rejection.by': 'Made by {actor}',
  /** The server's own words, shown only when its refusal carries no error code known here. */
  'activity.rejection.server-said': 'The server said: {reason}',
} as const;

export type ActivityMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<ActivityMsgKey, string>>>([['en', en]]);

/** Whether the element's catalogue has `key` (for keys built from data, e.g. 'activity.rejected.<action>'). */
export function hasActivityMsg(key: string): key is ActivityMsgKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function addActivityTranslations(locale: string, messages: Partial<Record<ActivityMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: ActivityMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
