/** The settings' DOM events: bubbling, composed, typed. `policy-save` is cancelable. */
import type { CompanyPolicy, Result } from '../../src/model/index.js';
import type { PolicyPushed } from '../../src/sync/push-policy.js';
import type { PolicyDraft } from './draft.js';

/** What the server did with a saved policy: the push's Result, or unreachable. */
export type PolicyPushOutcome = Result<PolicyPushed> | { ok: false; offline: true; error: string };

export interface SettingsEventMap {
  /** Cancelable, before the settings are written. */
  'policy-save': { policy: PolicyDraft };
  /** The settings were saved locally (they sync like any change). */
  'policy-saved': { policy: CompanyPolicy; commandId: string };
  /** After a save with sync: whether the server's design document now enforces `policy`. */
  'policy-pushed': { policy: CompanyPolicy; outcome: PolicyPushOutcome };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'policy-save': CustomEvent<SettingsEventMap['policy-save']>;
    'policy-saved': CustomEvent<SettingsEventMap['policy-saved']>;
    'policy-pushed': CustomEvent<SettingsEventMap['policy-pushed']>;
  }
}

export function fire<K extends keyof SettingsEventMap>(host: EventTarget, name: K, detail: SettingsEventMap[K], cancelable = false): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
