/**
 * A real store for element tests: IndexedDB (Dexie) in Chromium, a unique database per test, a
 * small company (policy, users) and leads created through the store's own commands. `remove()`
 * deletes the database (RxDB allows 13 open collections per page).
 */
import type { Command, CompanyPolicy, Role, UserDoc } from '../../../src/model/index.js';
import { defaultPolicy } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore } from '../../../src/store/store.js';
import '../reportable-failures.js';

export const DEALERSHIP = 'riverside-motors';
let counter = 0;

export interface Fixture {
  store: LeadStore;
  database: string;
  dealershipId: string;
  leadId: string;
  /** Runs a command as the store's current actor and fails the test when it is refused. */
  run(command: Command): Promise<Record<string, string>>;
  remove(): Promise<void>;
}

export function user(userId: string, roles: Role[], managerId = ''): UserDoc {
  return {
    id: `user:${userId}`,
    type: 'user',
    dealershipId: DEALERSHIP,
    userId,
    name: userId[0]!.toUpperCase() + userId.slice(1),
    email: `${userId}@riverside.example`,
    roles,
    managerId,
    active: true,
    updatedAt: 1,
  };
}

export const USERS: UserDoc[] = [
  user('sam', ['salesperson']),
  user('rex', ['salesperson', 'close-lead-lost-permission'], 'mia'),
  user('mia', ['manager', 'receive-closed-lead-as-lost-notification']),
  user('ada', ['admin', 'bulk-manage']),
];

export async function fixture(options: { policy?: Partial<CompanyPolicy>; actor?: string; customer?: string; steps?: string[] } = {}): Promise<Fixture> {
  const database = `fc-test-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const store = await createStore({ dealershipId: DEALERSHIP, name: database, storage: 'indexeddb' });
  const policy: CompanyPolicy = { ...defaultPolicy(DEALERSHIP, 'Riverside Motors'), ...options.policy };
  await store.importDocuments({ policy, users: USERS });
  await store.setActor(options.actor ?? 'sam');
  const run = async (command: Command): Promise<Record<string, string>> => {
    const result = await store.execute(command);
    if (!result.ok) throw new Error(`fixture: ${command.type} refused: ${result.error.code} ${result.error.message}`);
    return result.outcome;
  };
  const actor = store.currentActor();
  await store.setActor('sam');
  const created = await run({
    type: 'create-lead',
    lead: {
      customer: { name: options.customer ?? 'Dana Whitfield', email: 'dana@example.com', phone: '555-0100' },
      vehicle: '2024 Toyota RAV4 Hybrid XLE',
      source: 'Website',
      salespersonId: 'sam',
    },
  });
  const leadId = created['leadId']!;
  if (options.steps?.length) {
    await run({ type: 'update-progress', leadId, update: { check: options.steps, clear: [], note: '' } });
  }
  await store.setActor(actor?.userId ?? options.actor ?? 'sam');
  return {
    store,
    database,
    dealershipId: DEALERSHIP,
    leadId,
    run,
    remove: () => store.remove(),
  };
}

/** Waits until `check` returns (or resolves to) a truthy value, re-checking every 10 ms, or fails. */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what = 'condition',
  timeoutMs = 5000,
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The element's shadow root, typed. */
export const shadow = (el: Element): ShadowRoot => {
  if (!el.shadowRoot) throw new Error(`${el.tagName} has no shadow root`);
  return el.shadowRoot;
};

/** Visible text of an element, whitespace collapsed. */
export const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Dispatches a real-looking key press on `target` (keydown, bubbling and composed). */
export function press(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}
