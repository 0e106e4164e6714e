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
} as const;

export type ActivityMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<ActivityMsgKey, string>>>([['en', en]]);

export function addActivityTranslations(locale: string, messages: Partial<Record<ActivityMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: ActivityMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
