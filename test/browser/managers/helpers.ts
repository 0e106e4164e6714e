/** Shared set-ups for the managers' elements: a pending close-lost request from rex to his manager mia. */
import { firstValueFrom, filter } from 'rxjs';
import type { CloseLostChoices, CloseRequest, LeadDoc, NotificationEntry } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { fixture, type Fixture } from '../components/fixture.js';

export const dayAt = (offsetDays: number): number => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), 9).getTime();
};

export const REQUESTED: () => CloseLostChoices = () => ({
  reasonId: 'bought-elsewhere',
  completeOverdueEvents: true,
  completeAllEvents: true,
  notes: 'Bought a Mazda\nacross town',
  contactGroups: ['newsletter', 'future-prospects'],
  followUpAt: dayAt(60),
});

export interface RequestFixture extends Fixture {
  requestId: string;
  choices: CloseLostChoices;
}

/** rex (in the permission role, manager mia) requests Close Lost; the store then acts as `actor` (default mia). */
export async function requestFixture(options: { actor?: string; customer?: string } = {}): Promise<RequestFixture> {
  const fx = await fixture({
    actor: 'rex',
    ...(options.customer ? { customer: options.customer } : {}),
    policy: { definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'] },
  });
  try {
    const choices = REQUESTED();
    const outcome = await fx.run({ type: 'close-lost', leadId: fx.leadId, choices });
    await fx.store.setActor(options.actor ?? 'mia');
    return { ...fx, requestId: outcome['requestId']!, choices };
  } catch (error) {
    await fx.remove();
    throw error;
  }
}

export const leadOf = (store: LeadStore, leadId: string, check: (l: LeadDoc) => boolean = () => true): Promise<LeadDoc> =>
  firstValueFrom(store.lead$(leadId).pipe(filter((l): l is LeadDoc => !!l && check(l))));

export const requestOf = async (store: LeadStore, requestId: string): Promise<CloseRequest> => {
  const all = await firstValueFrom(store.closeRequests$({}));
  const found = all.find((r) => r.id === requestId);
  if (!found) throw new Error(`no request ${requestId}`);
  return found;
};

export const noticesOf = (store: LeadStore, userId: string): Promise<NotificationEntry[]> => firstValueFrom(store.notifications$(userId));
