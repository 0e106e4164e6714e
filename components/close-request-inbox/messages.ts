/**
 * The inbox's texts, following the shared layer's locale (`<html lang>` / setLocale); a host adds
 * a language with `addInboxTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'inbox.label': 'Close-lost requests',
  'inbox.loading': 'Loading requests…',
  'inbox.empty': 'No close-lost requests are waiting for you.',
  'inbox.count': '{count} waiting',
  'inbox.not-manager': 'Only managers decide close-lost requests.',
  'inbox.no-actor': 'Sign in as a manager to see close-lost requests.',
  'inbox.lead-missing': 'Lead {leadId} (not on this device yet)',
  'inbox.requested-by': 'Requested by {name} on {date}',
  'inbox.reason': 'Reason',
  'inbox.no-reason': 'No reason given',
  'inbox.notes': 'Notes',
  'inbox.no-notes': 'No notes',
  'inbox.events': 'Calendar events',
  'inbox.events-all': 'Mark all incomplete calendar events as complete',
  'inbox.events-overdue': 'Mark all overdue calendar events as complete',
  'inbox.events-none': 'Leave calendar events as they are',
  'inbox.groups': 'Add the customer to contact groups',
  'inbox.no-groups': 'None',
  'inbox.follow-up': 'Follow up date',
  'inbox.no-follow-up': 'None',
  'inbox.approve': 'Approve',
  'inbox.decline': 'Decline',
  'inbox.approve-label': 'Approve closing the lead of {customer} as lost',
  'inbox.decline-label': 'Decline closing the lead of {customer} as lost',
  'inbox.decline-reason': 'Why are you declining? (sent to {name})',
  'inbox.decline-confirm': 'Send decline',
  'inbox.cancel': 'Cancel',
  'inbox.dismiss': 'Dismiss',
  'inbox.approved': 'Approved: the lead of {customer} is closed as lost.',
  'inbox.declined': 'Declined: the lead of {customer} stays open and {name} is told.',
  'inbox.status.approved': 'approved',
  'inbox.status.declined': 'declined',
  'inbox.status.withdrawn': 'withdrawn',
  'inbox.decided-meanwhile': 'Already {status} by {name} on {date} (on another device or by someone else). Nothing was changed here.',
  'inbox.decided-first': 'Already {status} by {name} on {date}, before your decision reached the server. Your {yours} was not applied.',
  'inbox.lost': 'Your {yours} was not applied: {name} had already {status} the request for {customer}.',
  'inbox.your.approve': 'approval',
  'inbox.your.decline': 'decline',
  'inbox.upload.approve': 'Approved on this device: {customer}. Waiting to upload to the server.',
  'inbox.upload.decline': 'Declined on this device: {customer}. Waiting to upload to the server.',
  'inbox.refused': 'Not done: {error}',
} as const;

export type InboxMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<InboxMsgKey, string>>>([['en', en]]);

export function addInboxTranslations(locale: string, messages: Partial<Record<InboxMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: InboxMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
