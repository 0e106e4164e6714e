/**
 * RxDB schemas of the five collections, matching src/model/documents.ts and policy.ts.
 *
 * Dexie (IndexedDB) constraints shape them: every indexed field is required, string index fields
 * carry `maxLength`, number index fields `minimum`/`maximum`/`multipleOf`. No validation plugin
 * runs (ajv and z-schema compile with eval, which a strict CSP forbids): the store judges writes
 * with the rules' own document validation instead. `additionalProperties` is left unset (open), so
 * the sync layer can carry its own bookkeeping fields.
 */
import type { RxJsonSchema } from 'rxdb';
import type { ActivityDoc, CalendarEventDoc, CompanyPolicy, LeadDoc, UserDoc } from '../model/index.js';
import { LIMITS } from '../model/index.js';

/** Epoch ms up to the end of year 9999: every date the rules accept fits an index. */
const TIME = { type: 'number', minimum: 0, maximum: 253_402_300_799_999, multipleOf: 1 } as const;
const ID = { type: 'string', maxLength: 200 } as const;
const KEY = { type: 'string', maxLength: 100 } as const;
const TEXT = { type: 'string' } as const;
const STRINGS = { type: 'array', items: { type: 'string' } } as const;

export const LEAD_SCHEMA: RxJsonSchema<LeadDoc> = {
  title: 'forecourt lead',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    type: { type: 'string', enum: ['lead'], maxLength: 8 },
    dealershipId: KEY,
    customer: {
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: LIMITS.nameLength },
        email: TEXT,
        phone: TEXT,
      },
      required: ['name', 'email', 'phone'],
    },
    vehicle: TEXT,
    source: KEY,
    salespersonId: KEY,
    createdAt: TIME,
    status: { type: 'string', enum: ['open', 'closed'], maxLength: 8 },
    outcome: { type: 'string', enum: ['', 'lost', 'won'] },
    closeReasonId: TEXT,
    closedAt: TIME,
    closedBy: TEXT,
    closeNotes: TEXT,
    closeFollowUpAt: TIME,
    closeRequestId: TEXT,
    soldAt: TIME,
    steps: { type: 'object' },
    progressStepId: KEY,
    interest: { type: 'string', enum: ['not-set', 'cold', 'warm', 'hot'], maxLength: 8 },
    contactGroups: STRINGS,
    nextEventAt: TIME,
    actionAt: TIME,
    updatedAt: TIME,
    search: TEXT,
    clock: { type: 'object' },
    commandId: TEXT,
    updatedBy: TEXT,
  },
  required: [
    'id',
    'type',
    'dealershipId',
    'customer',
    'vehicle',
    'source',
    'salespersonId',
    'createdAt',
    'status',
    'outcome',
    'closeReasonId',
    'closedAt',
    'closedBy',
    'closeNotes',
    'closeFollowUpAt',
    'closeRequestId',
    'soldAt',
    'steps',
    'progressStepId',
    'interest',
    'contactGroups',
    'nextEventAt',
    'actionAt',
    'updatedAt',
    'search',
    'clock',
    'commandId',
    'updatedBy',
  ],
  // The dashboard filters by status first (Open / Closed), then by one facet, sorted by action date.
  // Every index costs import and write time on IndexedDB (bench/store-import.bench.ts: 5.7 s → 3.9 s
  // for 10,000 leads without three more), so only these.
  indexes: [
    'actionAt',
    ['status', 'actionAt'],
    ['status', 'salespersonId', 'actionAt'],
    ['status', 'progressStepId', 'actionAt'],
    ['status', 'interest', 'actionAt'],
  ],
};

export const EVENT_SCHEMA: RxJsonSchema<CalendarEventDoc> = {
  title: 'forecourt calendar event',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    type: { type: 'string', enum: ['event'] },
    dealershipId: KEY,
    leadId: ID,
    eventType: {
      type: 'string',
      enum: ['follow-up', 'closed-lost-follow-up', 'post-sale-follow-up', 'appointment', 'test-drive', 'call'],
    },
    title: { type: 'string', maxLength: LIMITS.titleLength },
    notes: TEXT,
    dueAt: TIME,
    completedAt: TIME,
    completedBy: TEXT,
    assigneeId: KEY,
    createdAt: TIME,
    createdBy: TEXT,
    commandId: TEXT,
    updatedAt: TIME,
  },
  required: [
    'id',
    'type',
    'dealershipId',
    'leadId',
    'eventType',
    'title',
    'notes',
    'dueAt',
    'completedAt',
    'completedBy',
    'assigneeId',
    'createdAt',
    'createdBy',
    'commandId',
    'updatedAt',
  ],
  indexes: [['leadId', 'dueAt'], ['assigneeId', 'dueAt'], 'dueAt'],
};

/**
 * Activity is a union of kinds; only the common base is declared. Notifications and close
 * requests are found through the kind+at index and filtered on their own fields: a
 * kind+recipientId index would need `recipientId` on every kind (Dexie leaves a document out of
 * an index that misses a field).
 */
export const ACTIVITY_SCHEMA: RxJsonSchema<ActivityDoc> = {
  title: 'forecourt activity',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    type: { type: 'string', enum: ['activity'] },
    dealershipId: KEY,
    kind: {
      type: 'string',
      enum: ['audit', 'note', 'progress-pass', 'close-request', 'notification', 'merge', 'rejection'],
      maxLength: 20,
    },
    leadId: ID,
    actorId: TEXT,
    deviceId: TEXT,
    commandId: TEXT,
    at: TIME,
  },
  required: ['id', 'type', 'dealershipId', 'kind', 'leadId', 'actorId', 'deviceId', 'commandId', 'at'],
  indexes: [
    ['leadId', 'at'],
    ['kind', 'at'],
  ],
};

export const USER_SCHEMA: RxJsonSchema<UserDoc> = {
  title: 'forecourt user',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    type: { type: 'string', enum: ['user'] },
    dealershipId: KEY,
    userId: KEY,
    name: TEXT,
    email: TEXT,
    roles: STRINGS,
    managerId: TEXT,
    active: { type: 'boolean' },
    updatedAt: TIME,
  },
  required: ['id', 'type', 'dealershipId', 'userId', 'name', 'email', 'roles', 'managerId', 'active', 'updatedAt'],
};

export const POLICY_SCHEMA: RxJsonSchema<CompanyPolicy> = {
  title: 'forecourt company policy',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    type: { type: 'string', enum: ['policy'] },
    dealershipId: KEY,
    companyName: TEXT,
    lostReasons: { type: 'array', items: { type: 'object' } },
    contactGroups: { type: 'array', items: { type: 'object' } },
    defaultLostContactGroups: STRINGS,
    defaultWonContactGroups: STRINGS,
    progressSteps: { type: 'array', items: { type: 'object' } },
    soldStepId: TEXT,
    mandatory: { type: 'object' },
    definedRoles: STRINGS,
    updatedAt: TIME,
    updatedBy: TEXT,
    stamp: { type: 'object' },
  },
  required: [
    'id',
    'type',
    'dealershipId',
    'companyName',
    'lostReasons',
    'contactGroups',
    'defaultLostContactGroups',
    'defaultWonContactGroups',
    'progressSteps',
    'soldStepId',
    'mandatory',
    'definedRoles',
    'updatedAt',
    'updatedBy',
    'stamp',
  ],
};

export const COLLECTIONS = {
  leads: LEAD_SCHEMA,
  events: EVENT_SCHEMA,
  activity: ACTIVITY_SCHEMA,
  users: USER_SCHEMA,
  policies: POLICY_SCHEMA,
} as const;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
