/**
 * The response form's texts, following the shared layer's locale (`<html lang>` / setLocale); a
 * host adds a language with `addResponseTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'response.title': 'Record a response',
  'response.kind': 'Kind of response',
  'response.kind.test-drive': 'Test Drive',
  'response.kind.appraisal': 'Appraisal',
  'response.kind.email-response': 'Email Response',
  'response.kind.sms-response': 'SMS Response',
  'response.kind-required': 'Choose the kind of response.',
  'response.update-progress': 'Update Lead Progress',
  'response.update-progress-choose': 'Ticks the road-to-the-sale step that matches the kind of response.',
  'response.update-progress-help': "Ticks '{step}' on the road to the sale.",
  'response.update-progress-again': "'{step}' is already ticked: this records another pass through it.",
  'response.no-step': "Your company's road to the sale has no step for this kind of response: only the response is recorded.",
  'response.notes': 'Notes',
  'response.notes-help': 'Added to the lead notes.',
  'response.notes-too-long': 'Notes are limited to {max} characters; these have {count}.',
  'response.clear': 'Clear',
  'response.recorded': '{kind} recorded.',
  'response.recorded-ticked': "{kind} recorded. Progress: '{step}' ticked.",
  'response.closed': 'This lead is closed; no response can be recorded. A manager can reopen it.',
} as const;

export type ResponseMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<ResponseMsgKey, string>>>([['en', en]]);

/** Adds or extends a language (e.g. 'fr') for `<lead-response>`; missing keys fall back to English. */
export function addResponseTranslations(locale: string, messages: Partial<Record<ResponseMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: ResponseMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
