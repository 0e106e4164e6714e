/** The store's reactive reads: RxDB live queries mapped to plain documents. */
import type { RxCollection, RxDatabase, RxDocument } from 'rxdb';
import { type Observable, distinctUntilChanged, map, shareReplay } from 'rxjs';
import type { ActivityDoc, CalendarEventDoc, CloseRequest, CompanyPolicy, LeadDoc, NotificationEntry, UserDoc } from '../model/index.js';
import { defaultPolicy } from '../model/index.js';

const plain = <T>(doc: RxDocument<any>): T => doc.toJSON() as T;
const plainAll = <T>(docs: RxDocument<any>[]): T[] => docs.map((d) => d.toJSON() as T);
const col = (db: RxDatabase, name: string): RxCollection => db.collections[name]!;

export function lead$(db: RxDatabase, leadId: string): Observable<LeadDoc | null> {
  return col(db, 'leads')
    .findOne(leadId)
    .$.pipe(map((d) => (d ? plain<LeadDoc>(d) : null)));
}

/** By due date, earliest first. */
export function events$(db: RxDatabase, leadId: string): Observable<CalendarEventDoc[]> {
  return col(db, 'events')
    .find({ selector: { leadId }, sort: [{ leadId: 'asc' }, { dueAt: 'asc' }] })
    .$.pipe(map((docs) => plainAll<CalendarEventDoc>(docs)));
}

/** Newest first. */
export function activity$(db: RxDatabase, leadId: string): Observable<ActivityDoc[]> {
  return col(db, 'activity')
    .find({ selector: { leadId }, sort: [{ leadId: 'desc' }, { at: 'desc' }] })
    .$.pipe(map((docs) => plainAll<ActivityDoc>(docs)));
}

/** The stored company policy, or the default one while none is stored. */
export function policy$(db: RxDatabase, dealershipId: string): Observable<CompanyPolicy> {
  return col(db, 'policies')
    .findOne('policy')
    .$.pipe(
      map((d) => (d ? plain<CompanyPolicy>(d) : defaultPolicy(dealershipId))),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
}

export function users$(db: RxDatabase): Observable<UserDoc[]> {
  return col(db, 'users')
    .find({ sort: [{ id: 'asc' }] })
    .$.pipe(
      map((docs) => plainAll<UserDoc>(docs)),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
}

/** One recipient's notifications, newest first. */
export function notifications$(db: RxDatabase, recipientId: string): Observable<NotificationEntry[]> {
  return col(db, 'activity')
    .find({ selector: { kind: 'notification', recipientId }, sort: [{ kind: 'desc' }, { at: 'desc' }] })
    .$.pipe(map((docs) => plainAll<NotificationEntry>(docs)));
}

/**
 * Close-lost requests, newest first. With `managerId`: the requests that manager may decide,
 * i.e. addressed to them or to any manager ('').
 */
export function closeRequests$(db: RxDatabase, filter: { status?: CloseRequest['status']; managerId?: string }): Observable<CloseRequest[]> {
  const selector: Record<string, unknown> = { kind: 'close-request' };
  if (filter.status) selector['status'] = filter.status;
  if (filter.managerId !== undefined) selector['managerId'] = { $in: [filter.managerId, ''] };
  return col(db, 'activity')
    .find({ selector, sort: [{ kind: 'desc' }, { at: 'desc' }] })
    .$.pipe(map((docs) => plainAll<CloseRequest>(docs)));
}

export function userDoc$(db: RxDatabase, userId: string): Observable<UserDoc | null> {
  return col(db, 'users')
    .findOne('user:' + userId)
    .$.pipe(
      map((d) => (d ? plain<UserDoc>(d) : null)),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    );
}
