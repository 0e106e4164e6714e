/**
 * The settings' texts, following the shared layer's locale (`<html lang>` / setLocale); a host
 * adds a language with `addSettingsTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'settings.label': 'Company settings',
  'settings.loading': 'Loading the company settings…',
  'settings.no-actor': 'Sign in to see the company settings.',
  'settings.read-only': 'Only a dealership admin can change these settings. You can read them.',
  'settings.changed-elsewhere':
    'These settings were changed meanwhile (on another device or by someone else). Saving replaces them with yours; Discard shows theirs.',
  'settings.saved': 'Settings saved. Every open widget now follows them.',
  'settings.pushing': 'Applying them to the server…',
  'settings.pushed': 'The server now enforces these settings.',
  'settings.push-not-admin': 'Saved here; a server administrator must apply them to the server.',
  'settings.push-offline': 'Saved here; the server could not be reached, so they will need to be applied to the server when you are back online.',
  'settings.push-failed': 'Saved here; the server did not apply them: {error}',
  'settings.save': 'Save settings',
  'settings.discard': 'Discard changes',
  'settings.errors-summary': 'The settings were not saved: please correct the problems shown.',
  'settings.company-name': 'Company name',
  'settings.reasons': 'Lost reasons',
  'settings.reasons-help':
    'Offered when closing a lead as lost, in this order. Reasons are never deleted: retire one to stop offering it, hide it to leave it out of reports.',
  'settings.reason-name': 'Reason {n} name',
  'settings.hidden': 'Hidden from reports',
  'settings.retired': 'Retired',
  'settings.move-up': 'Move up',
  'settings.move-down': 'Move down',
  'settings.move-up-label': 'Move {name} up',
  'settings.move-down-label': 'Move {name} down',
  'settings.new-reason': 'New reason',
  'settings.add-reason': 'Add reason',
  'settings.groups-lost': 'Contact groups preselected when closing as lost',
  'settings.groups-won': 'Contact groups preselected when closing as won',
  'settings.mandatory': 'Mandatory fields',
  'settings.mandatory-lost': 'When closing a lead as lost',
  'settings.field.reason': 'Reason',
  'settings.field.notes': 'Notes',
  'settings.field.followUp': 'Follow up date',
  'settings.mandatory-progress': 'A note with every progress update',
  'settings.roles': 'Roles in use',
  'settings.roles-help': 'A role has an effect only while it is in use here; users are put in roles by an admin.',
  'settings.role.close-lead-lost-permission': 'Close Lead Lost Permission',
  'settings.role.close-lead-lost-permission.help':
    'Only users in this role may ask to close a lead as lost; their manager approves or declines. Managers close directly.',
  'settings.role.receive-closed-lead-as-lost-notification': 'Receive Closed Lead As Lost Notification',
  'settings.role.receive-closed-lead-as-lost-notification.help': 'Users in this role are notified whenever a lead is closed as lost, with the reason.',
  'settings.role.bulk-manage': 'Bulk Manage',
  'settings.role.bulk-manage.help': 'Users in this role may close or update many leads at once.',
  'settings.steps': 'Road to the sale',
  'settings.steps-help': 'The progress steps, in order.',
  'settings.step-name': 'Step {n} name',
  'settings.remove': 'Remove',
  'settings.remove-label': 'Remove {name}',
  'settings.new-step': 'New step',
  'settings.add-step': 'Add step',
  'settings.sold-step': 'Step that records a sale',
  'settings.no-sold-step': 'None',
  'settings.refused': 'Not saved: {error}',
} as const;

export type SettingsMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<SettingsMsgKey, string>>>([['en', en]]);

export function addSettingsTranslations(locale: string, messages: Partial<Record<SettingsMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: SettingsMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
