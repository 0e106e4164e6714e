/**
 * Undoes the close of an approval that did not stand. Two decisions of one close request made
 * offline both reach the server; the request keeps one (its `decisionCommandId`), but only an
 * approval changes the lead, and the lead merge keeps its close whichever decision stood. When
 * this device learns that a request it approved was declined or withdrawn by another decision
 * (the request is written here by a pull or a conflict resolution), it writes the lead back to
 * what the standing decision implies, with a 'merge' entry for the dropped close, and the sync
 * pushes both (a manager may reopen: src/rules/documents.ts). The rule itself is the rules'
 * `reopenAfterOverruledApproval` (src/rules/decisions.ts): idempotent, and it never reopens a
 * lead that a later action closed.
 *
 * Only the device and user that made the approval do it, so one write undoes one close; the
 * close reaches the server only from that device anyway. The approval's completed events stay
 * completed.
 */
import { createRevision, type RxChangeEvent, type RxCollection } from 'rxdb';
import { Subscription, filter, take } from 'rxjs';
import type { ActivityDoc, AuditEntry, CalendarEventDoc, CloseRequest, LeadDoc } from '../model/index.js';
import { reopenAfterOverruledApproval } from '../rules/decisions.js';
import { isManager } from '../rules/roles.js';
import type { LeadStore } from '../store/api.js';

type Stored<T> = T & { _rev: string; _deleted: boolean; _meta: { lwt: number }; _attachments: Record<string, unknown> };

const isOverruling = (doc: Partial<CloseRequest> | undefined): boolean =>
  !!doc && doc.kind === 'close-request' && (doc.status === 'declined' || doc.status === 'withdrawn');

async function storedDoc<T>(collection: RxCollection, id: string): Promise<Stored<T> | undefined> {
  return (await collection.storageInstance.findDocumentsById([id], false))[0] as unknown as Stored<T> | undefined;
}

function strip<T>(doc: Stored<T>): T {
  const { _rev, _deleted, _meta, _attachments, ...rest } = doc;
  void _rev;
  void _deleted;
  void _meta;
  void _attachments;
  return rest as unknown as T;
}

/** Writes `doc` over `previous` (undefined: a new document); false when another write came first. */
async function write(collection: RxCollection, doc: Record<string, unknown>, previous: Stored<unknown> | undefined): Promise<boolean> {
  const result = await collection.storageInstance.bulkWrite(
    [
      {
        ...(previous ? { previous } : {}),
        document: {
          ...doc,
          _deleted: false,
          _attachments: {},
          _meta: { lwt: Date.now() },
          _rev: createRevision(collection.database.token, previous as any),
        } as any,
      },
    ],
    'forecourt-decision-reconcile',
  );
  return result.error.length === 0;
}

/**
 * Reconciles one request: when the lead holds this device's approval of it and another decision
 * stood, writes the reopened lead and its merge entry. Returns whether it wrote the lead.
 */
export async function reconcileRequest(store: LeadStore, requestId: string): Promise<boolean> {
  const actor = store.currentActor();
  if (!actor || !isManager(actor)) return false;
  const { leads, events, activity } = store.database.collections as Record<string, RxCollection>;
  if (!leads || !events || !activity || leads.closed || activity.closed) return false;
  const request = await storedDoc<CloseRequest>(activity, requestId);
  if (!request || request._deleted || !isOverruling(request)) return false;
  const leadId = request.leadId;
  const leadActivity = (await activity.find({ selector: { leadId } }).exec()).map((d) => d.toJSON() as ActivityDoc);
  const leadEvents = (await events.find({ selector: { leadId } }).exec()).map((d) => d.toJSON() as CalendarEventDoc);
  const who = { userId: actor.userId, deviceId: store.deviceId, now: typeof store.now === 'function' ? store.now() : Date.now() };
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await storedDoc<LeadDoc>(leads, leadId);
    if (!stored || stored._deleted) return false;
    const undone = reopenAfterOverruledApproval(strip(stored), strip(request), leadActivity, leadEvents, who);
    if (!undone) return false;
    const entryThere = await storedDoc<ActivityDoc>(activity, undone.entry.id);
    if (!entryThere) await write(activity, undone.entry as unknown as Record<string, unknown>, undefined);
    if (await write(leads, undone.lead as unknown as Record<string, unknown>, stored)) return true;
  }
  return false;
}

/**
 * Watches the activity collection for requests decided against this device's approval, and
 * checks the device's own approvals once the user is known. `schedule` runs the work in the sync's
 * bookkeeping queue, so `awaitInSync()` waits for it (and the next round pushes the lead).
 */
export function watchOverruledApprovals(store: LeadStore, schedule: (task: () => Promise<void>) => void): Subscription {
  const activity = store.database.collections['activity'] as RxCollection;
  const run = (requestId: string) =>
    schedule(async () => {
      await reconcileRequest(store, requestId);
    });
  const scanOwnApprovals = () =>
    schedule(async () => {
      if (activity.closed) return;
      const own = await activity.find({ selector: { kind: 'audit', action: 'decide-close-request', deviceId: store.deviceId } }).exec();
      for (const d of own) {
        const audit = d.toJSON() as AuditEntry;
        const requestId = audit.changes['requestId'];
        if (audit.changes['decision'] === 'approve' && typeof requestId === 'string') await reconcileRequest(store, requestId);
      }
    });
  const subscription = new Subscription();
  // Once the user is known (a request decided while this device was not running is already here).
  if (store.actor$) subscription.add(store.actor$.pipe(filter(Boolean), take(1)).subscribe(scanOwnApprovals));
  else scanOwnApprovals(); // a store without actor$ (sync's bare test stores) knows its user already
  subscription.add(
    activity.$.subscribe((event: RxChangeEvent<any>) => {
      const doc = event.documentData as Partial<CloseRequest> | undefined;
      if (event.operation !== 'DELETE' && isOverruling(doc)) run(event.documentId);
    }),
  );
  return subscription;
}
