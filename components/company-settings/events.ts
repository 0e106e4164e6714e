/** The settings' DOM events: bubbling, composed, typed. `policy-save` is cancelable. */
import type { CompanyPolicy } from '../../src/model/index.js';
import type { PolicyDraft } from './draft.js';

export interface SettingsEventMap {
  /** Cancelable, before the settings are written. */
  'policy-save': { policy: PolicyDraft };
  /**
   * The settings were saved locally (they sync like any change). A host whose user is a CouchDB
   * admin updates the server's design document from `policy` (e.g. with the setup command), so
   * the server enforces the new rules too.
   */
  'policy-saved': { policy: CompanyPolicy; commandId: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'policy-save': CustomEvent<SettingsEventMap['policy-save']>;
    'policy-saved': CustomEvent<SettingsEventMap['policy-saved']>;
  }
}

export function fire<K extends keyof SettingsEventMap>(host: EventTarget, name: K, detail: SettingsEventMap[K], cancelable = false): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
