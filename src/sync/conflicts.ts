/**
 * Conflict handlers, one per collection, for RxDB's replication: what to keep when the server
 * holds another version of a document than the one this device based its change on.
 * - An id whose last push the server REFUSED takes the server's state, once. (A merging handler
 *   would otherwise re-push the refused value forever: FINDINGS.md.)
 * - A deletion on the server wins.
 * - Leads merge per field with the rules' mergeLeads; every losing value is returned for the
 *   caller to record as a `merge` activity entry. A merged lead that differs from the server's
 *   is written under the current user (the server checks `updatedBy` against the writer).
 * - Calendar events and activity merge with the rules' mergeEvents / mergeActivity.
 * - Users and the policy: the later write wins (policy by its stamp, users by updatedAt).
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import type { CalendarEventDoc, ActivityDoc, CompanyPolicy, LeadDoc, MergeEntry, UserDoc } from '../model/index.js';
import { compareStamps } from '../rules/stamp.js';
import { content, sameDocument, type SyncedCollection } from './couch-docs.js';

export type { LostValue } from '../rules/merge.js';
import type { LostValue, MergeLeadOptions } from '../rules/merge.js';

/** The rules' merge functions (src/rules), injected so tests can pass others. */
export interface Mergers {
  mergeLeads(a: LeadDoc, b: LeadDoc, options?: MergeLeadOptions): { merged: LeadDoc; lost: LostValue[] };
  mergeEvents(a: CalendarEventDoc, b: CalendarEventDoc): CalendarEventDoc | { merged: CalendarEventDoc };
  mergeActivity(a: ActivityDoc, b: ActivityDoc): ActivityDoc | { merged: ActivityDoc };
}

export interface ConflictContext {
  refused: Set<string>;
  mergers: Mergers;
  /** The user the merged documents are written as. */
  currentUserId(): string;
  /** Records the values a lead merge dropped. Called before the merged lead is written. */
  onLost(lead: LeadDoc, lost: LostValue[]): void;
  /** The lead's calendar events, so the merge recomputes its next event date from them. */
  eventsOf(leadId: string): Promise<CalendarEventDoc[]>;
}

const unwrap = <T>(r: T | { merged: T }): T => (r && typeof r === 'object' && 'merged' in (r as object) ? (r as { merged: T }).merged : (r as T));

function data<T>(doc: WithDeleted<any>): T {
  return content(doc) as T;
}

export function makeConflictHandler(name: SyncedCollection, ctx: ConflictContext): RxConflictHandler<any> {
  return {
    isEqual: (a, b) => sameDocument(a, b),
    async resolve(input: RxConflictHandlerInput<any>): Promise<WithDeleted<any>> {
      const local = input.newDocumentState as WithDeleted<any>;
      const server = input.realMasterState as WithDeleted<any>;
      const id = server.id as string;
      if (ctx.refused.delete(id)) return server;
      if (server._deleted) return server;
      if (local._deleted) return local;
      switch (name) {
        case 'leads': {
          const base = input.assumedMasterState && !input.assumedMasterState._deleted ? data<LeadDoc>(input.assumedMasterState) : null;
          const events = await ctx.eventsOf(id);
          const { merged, lost } = ctx.mergers.mergeLeads(data<LeadDoc>(local), data<LeadDoc>(server), { base, events });
          if (sameDocument(merged as unknown as Record<string, unknown>, server)) return server;
          if (lost.length > 0) ctx.onLost(merged, lost);
          return { ...merged, updatedBy: ctx.currentUserId() || merged.updatedBy, _deleted: false };
        }
        case 'events':
          return { ...unwrap(ctx.mergers.mergeEvents(data<CalendarEventDoc>(local), data<CalendarEventDoc>(server))), _deleted: false };
        case 'activity':
          return { ...unwrap(ctx.mergers.mergeActivity(data<ActivityDoc>(local), data<ActivityDoc>(server))), _deleted: false };
        case 'policies': {
          const l = data<CompanyPolicy>(local);
          const s = data<CompanyPolicy>(server);
          return compareStamps(l.stamp, s.stamp) > 0 ? local : server;
        }
        case 'users': {
          const l = data<UserDoc>(local);
          const s = data<UserDoc>(server);
          return l.updatedAt > s.updatedAt ? local : server;
        }
      }
    },
  };
}

/**
 * Deterministic per device: a replayed resolution writes the same entry again (activity is
 * append-only on the server, so two devices must never write one id with different content).
 */
export function mergeEntryId(leadId: string, lost: LostValue, deviceId: string): string {
  const key = [leadId.replace(/^lead:/, ''), lost.field, lost.lostStamp.at, lost.lostStamp.deviceId, deviceId].join('.').replace(/[^A-Za-z0-9_.-]/g, '-');
  return `activity:merge.${key}:merge`;
}

export function mergeEntries(lead: LeadDoc, lost: LostValue[], actorId: string, deviceId: string, at: number): MergeEntry[] {
  return lost.map((l) => {
    const id = mergeEntryId(lead.id, l, deviceId);
    return {
      id,
      type: 'activity',
      dealershipId: lead.dealershipId,
      kind: 'merge',
      leadId: lead.id,
      actorId,
      deviceId,
      commandId: id.slice('activity:'.length, -':merge'.length),
      at,
      field: l.field,
      keptValue: l.keptValue,
      lostValue: l.lostValue,
      lostStamp: l.lostStamp,
    };
  });
}
