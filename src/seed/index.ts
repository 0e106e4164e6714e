/**
 * A deterministic generator of realistic dealership data, for the demo, the tests and the
 * benchmarks. The same options give byte-identical output; every lead is generated from its own
 * (seed, index) so `generateLeadsInChunks` can stream 100,000 leads without holding them twice.
 */
import type { ActivityDoc, CalendarEventDoc, CompanyPolicy, LeadDoc, UserDoc } from '../model/index.js';
import { generateLead, staffOf } from './lead.js';
import type { LeadContext } from './lead.js';
import { Rng, hashSeed } from './random.js';
import { generatePolicy, generateUsers } from './staff.js';

export type { LeadFate } from './lead.js';
export { HOSTILE_NAMES } from './vocabulary.js';

export interface SeedOptions {
  /** Any number or text; the same seed gives the same dealership. */
  seed: number | string;
  dealershipId: string;
  /** Number of leads. */
  leads: number;
  /** "Now" for the data (epoch ms): every time is placed relative to it, nothing reads the clock. */
  now: number;
  /** The company name; default derived from the dealership id. */
  companyName?: string;
  /** Share of leads closed (lost or won), 0–1; default 0.38. */
  closedShare?: number;
  /** Share of closed leads that were won, 0–1; default 0.3. */
  wonShare?: number;
  /** Number of salespeople (6–12); default chosen by the seed. */
  salespeople?: number;
  /** Gives the first leads customer names that try to inject markup (escaping fixtures); default false. */
  hostileNames?: boolean;
  /** Writes one audit entry per command (about two thirds of the activity); default true. Benchmarks may turn it off. */
  audit?: boolean;
  /** Overrides of the company preferences (every capability role is defined by default). */
  policy?: Partial<Omit<CompanyPolicy, 'id' | 'type' | 'dealershipId'>>;
}

export interface Dealership {
  policy: CompanyPolicy;
  users: UserDoc[];
  leads: LeadDoc[];
  events: CalendarEventDoc[];
  activity: ActivityDoc[];
}

export interface LeadChunk {
  /** Index of the chunk's first lead. */
  offset: number;
  leads: LeadDoc[];
  events: CalendarEventDoc[];
  activity: ActivityDoc[];
}

const clamp01 = (n: number): number => Math.min(1, Math.max(0, n));

/** The policy and people of the dealership (cheap; no leads). */
export function generateStaff(options: SeedOptions): { policy: CompanyPolicy; users: UserDoc[] } {
  const base = `${options.seed}|${options.dealershipId}`;
  const users = generateUsers(new Rng(hashSeed(`${base}|users`)), options);
  const admin = users.find((u) => u.roles.includes('admin'))!;
  const policy = generatePolicy({ ...options, adminId: admin.userId });
  return { policy, users };
}

/** Yields the leads (with their events and activity) `chunkSize` at a time. */
export function* generateLeadsInChunks(
  options: SeedOptions,
  chunkSize = 1000,
  staff: { policy: CompanyPolicy; users: UserDoc[] } = generateStaff(options),
): Generator<LeadChunk, void, undefined> {
  if (!Number.isInteger(options.leads) || options.leads < 0) throw new RangeError('leads must be a whole number ≥ 0');
  if (!Number.isFinite(options.now)) throw new RangeError('now must be epoch milliseconds');
  const size = Math.max(1, Math.floor(chunkSize));
  const ctx: LeadContext = {
    seed: hashSeed(`${options.seed}|${options.dealershipId}|leads`),
    dealershipId: options.dealershipId,
    now: options.now,
    policy: staff.policy,
    users: staff.users,
    closedShare: clamp01(options.closedShare ?? 0.38),
    wonShare: clamp01(options.wonShare ?? 0.3),
    hostileNames: options.hostileNames ?? false,
    audit: options.audit ?? true,
  };
  const people = staffOf(staff.users, staff.policy);
  for (let offset = 0; offset < options.leads; offset += size) {
    const chunk: LeadChunk = { offset, leads: [], events: [], activity: [] };
    const end = Math.min(options.leads, offset + size);
    for (let i = offset; i < end; i++) {
      const one = generateLead(ctx, people, i);
      chunk.leads.push(one.lead);
      for (const e of one.events) chunk.events.push(e);
      for (const a of one.activity) chunk.activity.push(a);
    }
    yield chunk;
  }
}

/** A whole dealership in memory: company policy, people, leads, calendar events and activity. */
export function generateDealership(options: SeedOptions): Dealership {
  const staff = generateStaff(options);
  const out: Dealership = { ...staff, leads: [], events: [], activity: [] };
  for (const chunk of generateLeadsInChunks(options, 5000, staff)) {
    for (const l of chunk.leads) out.leads.push(l);
    for (const e of chunk.events) out.events.push(e);
    for (const a of chunk.activity) out.activity.push(a);
  }
  return out;
}
