/**
 * One seeded lead: picks its fate (open in some dashboard date range, sold-but-open, close
 * requested, closed lost, closed won), lays out a plausible timeline before `now`, and replays it
 * through LeadBuilder. Each lead draws from its own generator seeded by (seed, index).
 */
import type {
  ActivityDoc,
  CalendarEventDoc,
  CalendarEventType,
  CloseLostChoices,
  CompanyPolicy,
  Customer,
  Interest,
  LeadDoc,
  UserDoc,
} from '../model/index.js';
import { closeLostMode } from '../rules/roles.js';
import { LeadBuilder } from './lead-builder.js';
import { Rng, mix32 } from './random.js';
import {
  DECLINE_REASONS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  HOSTILE_NAMES,
  LAST_NAMES,
  LEAD_NOTES,
  LOST_NOTES,
  PROGRESS_NOTES,
  SOURCES,
  VEHICLES,
  WON_NOTES,
} from './vocabulary.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Seeds each lead's second stream (sale twists) apart from its first. */
const SALE_TWIST_SALT = 0x5a1e7157;

export type LeadFate = 'fresh' | 'due-soon' | 'overdue' | 'future' | 'stalled' | 'idle' | 'sold-open' | 'requested' | 'declined' | 'lost' | 'won';

export interface LeadContext {
  seed: number;
  dealershipId: string;
  now: number;
  policy: CompanyPolicy;
  users: readonly UserDoc[];
  closedShare: number;
  wonShare: number;
  hostileNames: boolean;
  audit: boolean;
}

export interface GeneratedLead {
  lead: LeadDoc;
  events: CalendarEventDoc[];
  activity: ActivityDoc[];
}

/** Users split by what they do, computed once per dealership. */
export interface Staff {
  salespeople: UserDoc[];
  managers: UserDoc[];
  /** Salespeople who close lost by request (the permission role is defined and they hold it). */
  requesters: UserDoc[];
  byId: Map<string, UserDoc>;
}

export function staffOf(users: readonly UserDoc[], policy: CompanyPolicy): Staff {
  const salespeople = users.filter((u) => u.active && u.roles.includes('salesperson'));
  return {
    salespeople,
    requesters: salespeople.filter((u) => closeLostMode(u, policy) === 'request'),
    managers: users.filter((u) => u.active && u.roles.includes('manager')),
    byId: new Map(users.map((u) => [u.userId, u])),
  };
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function customer(rng: Rng): Customer {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const local = rng.weighted<string>([
    [`${slug(first)}.${slug(last)}`, 5],
    [`${slug(first)}${slug(last)}${rng.int(1, 99)}`, 3],
    [`${slug(first)[0]}${slug(last)}`, 2],
  ]);
  return {
    name: `${first} ${last}`,
    email: `${local}@${rng.pick(EMAIL_DOMAINS)}`,
    // 07700 900000–900999: the UK range reserved for fiction.
    phone: `+44 7700 900${String(rng.int(0, 999)).padStart(3, '0')}`,
  };
}

function vehicle(rng: Rng, now: number): string {
  const make = rng.pick(VEHICLES);
  const model = rng.pick(make.models);
  const thisYear = new Date(now).getUTCFullYear();
  const year = rng.chance(0.55) ? thisYear + rng.int(0, 1) : thisYear - rng.int(1, 9);
  return `${year} ${make.make} ${model.model} ${rng.pick(model.trims)}`;
}

function pickFate(rng: Rng, ctx: LeadContext): LeadFate {
  const closed = ctx.closedShare;
  const open = 1 - closed;
  return rng.weighted<LeadFate>([
    ['lost', closed * (1 - ctx.wonShare)],
    ['won', closed * ctx.wonShare],
    ['fresh', open * 0.1],
    ['due-soon', open * 0.22],
    ['overdue', open * 0.17],
    ['future', open * 0.22],
    ['stalled', open * 0.1],
    ['idle', open * 0.04],
    ['sold-open', open * 0.06],
    ['requested', open * 0.05],
    ['declined', open * 0.03],
  ]);
}

/**
 * Moves a due time to the nearest quarter hour in working hours (08:00–18:45 UTC) that stays
 * inside [lo, hi]; keeps it (to the minute) when there is none. Early and late times move to the
 * morning or the evening of a neighbouring day, spread over the first and last two hours.
 */
export function workingTime(t: number, lo = -Infinity, hi = Infinity): number {
  const QUARTER = 15 * MIN;
  const day = Math.floor(t / DAY) * DAY;
  const spread = QUARTER * (Math.floor(t / MIN) % 8);
  const candidates = [
    Math.round(t / QUARTER) * QUARTER,
    day + 8 * HOUR + spread,
    day + 18 * HOUR + 45 * MIN - spread,
    day + DAY + 8 * HOUR + spread,
    day - DAY + 18 * HOUR + 45 * MIN - spread,
  ];
  let best = Math.round(t / MIN) * MIN;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const hour = (c - Math.floor(c / DAY) * DAY) / HOUR;
    if (hour < 8 || hour > 18.75 || c < lo || c > hi) continue;
    const distance = Math.abs(c - t);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/** A skewed draw in [min, max): most values near min. */
const skewed = (rng: Rng, min: number, max: number, power = 2): number => min + Math.pow(rng.next(), power) * (max - min);

/**
 * The steps this lead passes through, in time order, as checks and clears. Not linear: steps
 * are skipped, an earlier step is sometimes passed again, a step is sometimes ticked by mistake
 * and cleared. The last entry always checks the target step.
 */
function progressPath(rng: Rng, steps: readonly string[], target: number, soldIndex: number): { stepId: string; action: 'check' | 'clear' }[] {
  const path: { stepId: string; action: 'check' | 'clear' }[] = [];
  const checked: string[] = [];
  const start = Math.min(target, rng.chance(0.65) ? 0 : 1);
  for (let i = start; i <= target; i++) {
    const stepId = steps[i]!;
    if (i !== target && i !== soldIndex && rng.chance(0.25)) continue;
    path.push({ stepId, action: 'check' });
    checked.push(stepId);
    if (i === target) break;
    if (checked.length > 1 && rng.chance(0.08)) {
      const again = checked[rng.int(0, checked.length - 2)]!;
      path.push({ stepId: again, action: 'check' });
    }
    if (i !== soldIndex && rng.chance(0.05)) {
      path.push({ stepId, action: 'clear' });
      if (rng.chance(0.5)) path.push({ stepId, action: 'check' });
    }
  }
  return path;
}

/**
 * How the sale went beyond the plain path: Sold ticked again later (the sale moves to the new
 * tick), a sale that fell through (Sold cleared: no sale), one that fell through and was saved
 * (cleared, then ticked again), or Close Won on a lead whose progress never reached Sold (the
 * close records the sale). Drawn from the lead's second stream, so a lead without a twist takes
 * the same path, times and people as before twists existed.
 */
type SaleTwist = 'none' | 'sold-again' | 'fell-through' | 'fell-through-resold' | 'won-without-sold';

function saleTwist(rng: Rng, fate: LeadFate, soldIndex: number): SaleTwist {
  if (soldIndex < 0) return 'none';
  switch (fate) {
    case 'won':
      return rng.weighted<SaleTwist>([
        ['none', 75],
        ['sold-again', 13],
        ['won-without-sold', soldIndex > 0 ? 12 : 0],
      ]);
    case 'sold-open':
      return rng.weighted<SaleTwist>([
        ['none', 75],
        ['sold-again', 15],
        ['fell-through-resold', 10],
      ]);
    case 'lost':
      return rng.chance(0.08) ? 'fell-through' : 'none';
    case 'stalled':
      return rng.chance(0.1) ? 'fell-through' : 'none';
    default:
      return 'none';
  }
}

/** Applies the twist to the target step (before the path is drawn) or to the path (after). */
function twistTarget(rng: Rng, twist: SaleTwist, target: number, soldIndex: number): number {
  if (twist === 'won-without-sold') return rng.int(Math.max(0, soldIndex - 2), soldIndex - 1);
  if (twist === 'fell-through') return soldIndex;
  return target;
}

function twistPath(twist: SaleTwist, path: { stepId: string; action: 'check' | 'clear' }[], soldStepId: string): void {
  // Only a lead whose path ticked Sold can tick it again or clear it.
  if (!path.some((e) => e.stepId === soldStepId && e.action === 'check')) return;
  if (twist === 'sold-again') path.push({ stepId: soldStepId, action: 'check' });
  if (twist === 'fell-through' || twist === 'fell-through-resold') path.push({ stepId: soldStepId, action: 'clear' });
  if (twist === 'fell-through-resold') path.push({ stepId: soldStepId, action: 'check' });
}

const INTEREST_BY_FATE: Record<'open' | 'lost' | 'won', readonly (readonly [Interest, number])[]> = {
  open: [
    ['not-set', 2],
    ['cold', 2],
    ['warm', 4],
    ['hot', 3],
  ],
  lost: [
    ['not-set', 2],
    ['cold', 5],
    ['warm', 3],
    ['hot', 1],
  ],
  won: [
    ['warm', 3],
    ['hot', 7],
  ],
};

/** Responses that tick a step as a side effect (src/rules RESPONSE_STEPS, inverted). */
const RESPONSE_BY_STEP: Record<string, (rng: Rng) => string> = {
  'test-drive': () => 'test-drive',
  'trade-in-appraisal': () => 'appraisal',
  'phone-call-made': (rng) => (rng.chance(0.5) ? 'email-response' : 'sms-response'),
};

const EVENT_KINDS: readonly (readonly [CalendarEventType, number])[] = [
  ['follow-up', 5],
  ['call', 4],
  ['appointment', 2],
  ['test-drive', 1],
];

function eventTitle(type: CalendarEventType, vehicleName: string): string {
  switch (type) {
    case 'call':
      return 'Call back';
    case 'appointment':
      return 'Showroom appointment';
    case 'test-drive':
      return `Test drive: ${vehicleName}`;
    default:
      return 'Follow up';
  }
}

function lostReason(rng: Rng, policy: CompanyPolicy): string {
  const offered = policy.lostReasons.filter((r) => !r.retired);
  const weights: Record<string, number> = {
    'no-response': 28,
    'bought-elsewhere': 22,
    price: 18,
    'delayed-purchase': 10,
    'finance-declined': 8,
    'trade-in-value': 7,
    'vehicle-unavailable': 5,
    duplicate: 3,
    'test-lead': 2,
  };
  return rng.weighted(offered.map((r) => [r.id, weights[r.id] ?? 5] as const));
}

interface Timeline {
  createdAt: number;
  /** The last working session before the end (close, request or now). */
  lastSession: number;
  /** An event scheduled in the last session that is still incomplete at the end, or null. */
  finalDue: number | null;
  /** Close, request or decision time (lost, won, requested, declined); 0 otherwise. */
  endAt: number;
  followUpAt: number | null;
}

function timeline(rng: Rng, fate: LeadFate, now: number, policy: CompanyPolicy): Timeline {
  // A session's commands span about 25 minutes; the last one still ends before now.
  const latest = now - 30 * MIN;
  const before = (t: number, maxSpan: number) => t - skewed(rng, 2 * HOUR, maxSpan);
  switch (fate) {
    case 'fresh': {
      const createdAt = now - rng.between(10 * MIN, 36 * HOUR);
      const age = now - createdAt;
      if (age > 2 * HOUR && rng.chance(0.5)) {
        const lastSession = createdAt + rng.between(20 * MIN, Math.min(age - 40 * MIN, 6 * HOUR));
        return { createdAt, lastSession, finalDue: lastSession + rng.between(HOUR, 3 * DAY), endAt: 0, followUpAt: null };
      }
      return { createdAt, lastSession: createdAt, finalDue: createdAt + rng.between(HOUR, 30 * HOUR), endAt: 0, followUpAt: null };
    }
    case 'due-soon': {
      const finalDue = now + rng.between(-2 * DAY, 3 * DAY);
      const lastSession = Math.min(latest, finalDue - HOUR) - skewed(rng, 0, 8 * DAY);
      return { createdAt: before(lastSession, 40 * DAY), lastSession, finalDue, endAt: 0, followUpAt: null };
    }
    case 'overdue': {
      const finalDue = now - rng.between(3 * DAY + HOUR, 20 * DAY);
      const lastSession = finalDue - rng.between(HOUR, 6 * DAY);
      return { createdAt: before(lastSession, 40 * DAY), lastSession, finalDue, endAt: 0, followUpAt: null };
    }
    case 'future': {
      const lastSession = latest - skewed(rng, 0, 12 * DAY);
      return { createdAt: before(lastSession, 50 * DAY), lastSession, finalDue: now + rng.between(4 * DAY, 30 * DAY), endAt: 0, followUpAt: null };
    }
    case 'stalled': {
      const lastSession = now - rng.between(21 * DAY + HOUR, 90 * DAY);
      return { createdAt: before(lastSession, 30 * DAY), lastSession, finalDue: null, endAt: 0, followUpAt: null };
    }
    case 'idle': {
      const lastSession = latest - rng.between(0, 20 * DAY);
      return { createdAt: before(lastSession, 30 * DAY), lastSession, finalDue: null, endAt: 0, followUpAt: null };
    }
    case 'sold-open': {
      const lastSession = latest - skewed(rng, 0, 14 * DAY);
      return { createdAt: before(lastSession, 40 * DAY), lastSession, finalDue: lastSession + rng.between(2 * DAY, 20 * DAY), endAt: 0, followUpAt: null };
    }
    case 'requested':
    case 'declined': {
      const endAt = latest - rng.between(0, 4 * DAY);
      const lastSession = endAt - rng.between(HOUR, 10 * DAY);
      const finalDue = rng.chance(0.5) ? endAt + rng.between(HOUR, 7 * DAY) : null;
      return { createdAt: before(lastSession, 30 * DAY), lastSession, finalDue, endAt, followUpAt: null };
    }
    case 'lost': {
      const followUpRequired = policy.mandatory.closeLost.includes('followUp');
      const kind = rng.weighted<'near' | 'far' | 'none'>([
        ['near', 35],
        ['far', 25],
        ['none', followUpRequired ? 0 : 40],
      ]);
      let endAt: number;
      let followUpAt: number | null = null;
      if (kind === 'near') {
        // Due within ±3 days of now: the lead shows under Closed in the 'Now ± 3 days' range.
        followUpAt = workingTime(now + rng.between(-3 * DAY + HOUR, 3 * DAY - HOUR), now - 3 * DAY + 30 * MIN, now + 3 * DAY - 30 * MIN);
        endAt = Math.min(latest, followUpAt - HOUR) - skewed(rng, 0, 30 * DAY);
      } else {
        endAt = latest - skewed(rng, 0, 150 * DAY, 1.5);
        if (kind === 'far') followUpAt = workingTime(endAt + rng.between(14 * DAY, 365 * DAY), endAt + 14 * DAY);
      }
      const lastSession = endAt - rng.between(3 * HOUR, 10 * DAY);
      return { createdAt: before(lastSession, 45 * DAY), lastSession, finalDue: null, endAt, followUpAt };
    }
    case 'won': {
      const endAt = latest - skewed(rng, 0, 150 * DAY, 1.5);
      const lastSession = endAt - rng.between(HOUR, 10 * DAY);
      const followUpAt = rng.chance(0.6) ? workingTime(endAt + rng.between(3 * DAY, 30 * DAY), endAt + 2 * DAY) : null;
      return { createdAt: before(lastSession, 45 * DAY), lastSession, finalDue: null, endAt, followUpAt };
    }
  }
}

/** Where a last-session event may move to and stay in its dashboard date range. */
function finalDueWindow(fate: LeadFate, due: number, scheduledAt: number, now: number): [number, number] {
  let lo = Math.max(scheduledAt + HOUR, due - 16 * HOUR);
  let hi = due + 16 * HOUR;
  if (fate === 'overdue') {
    lo = Math.max(lo, now - 20 * DAY + HOUR);
    hi = Math.min(hi, now - 3 * DAY - HOUR);
  } else if (fate === 'due-soon') {
    lo = Math.max(lo, now - 2.5 * DAY);
    hi = Math.min(hi, now + 2.9 * DAY);
  } else if (fate === 'future') {
    lo = Math.max(lo, now + 3 * DAY + 2 * HOUR);
  }
  return [lo, hi];
}

function progressTarget(rng: Rng, fate: LeadFate, stepCount: number, soldIndex: number): number {
  const beforeSold = Math.max(0, soldIndex - 1);
  switch (fate) {
    case 'fresh':
      return rng.chance(0.4) ? -1 : rng.int(0, Math.min(1, beforeSold));
    case 'won':
    case 'sold-open':
      return fate === 'sold-open' && rng.chance(0.6) ? soldIndex : rng.int(soldIndex, stepCount - 1);
    case 'stalled':
    case 'lost':
      return rng.chance(0.1) ? -1 : Math.floor(skewed(rng, 0, beforeSold + 1, 1.5));
    default:
      return rng.chance(0.05) ? -1 : Math.floor(skewed(rng, 0, beforeSold + 1, 1.3));
  }
}

/** Generates lead number `index` of the dealership, with its events and activity. */
export function generateLead(ctx: LeadContext, staff: Staff, index: number): GeneratedLead {
  const rng = new Rng(mix32(ctx.seed, index));
  const { now, policy } = ctx;
  const hostile = ctx.hostileNames && index < HOSTILE_NAMES.length;
  let fate: LeadFate = hostile ? 'due-soon' : pickFate(rng, ctx);
  if ((fate === 'requested' || fate === 'declined') && staff.requesters.length === 0) fate = 'due-soon';
  const time = timeline(rng, fate, now, policy);
  const person = customer(rng);
  if (hostile) person.name = HOSTILE_NAMES[index]!;
  const vehicleName = vehicle(rng, now);
  const source = rng.weighted(SOURCES);

  let salesperson = rng.pick(staff.salespeople);
  const managerOf = (u: UserDoc): UserDoc => staff.byId.get(u.managerId) ?? staff.managers[0] ?? u;
  // Requests only come from people allowed to make them.
  if (fate === 'requested' || fate === 'declined') salesperson = rng.pick(staff.requesters);
  // A few leads were handed over from a colleague part way through.
  const reassignedFrom = staff.salespeople.length > 1 && rng.chance(0.05) ? rng.pick(staff.salespeople.filter((u) => u !== salesperson)) : null;

  const b = new LeadBuilder(
    rng,
    {
      dealershipId: ctx.dealershipId,
      customer: person,
      vehicle: vehicleName,
      source,
      salesperson: reassignedFrom ?? salesperson,
      at: Math.round(time.createdAt),
    },
    { policy, users: ctx.users, now, audit: ctx.audit, serial: index },
  );

  const stepIds = policy.progressSteps.map((s) => s.id);
  const soldIndex = Math.max(0, stepIds.indexOf(policy.soldStepId));
  const twistRng = new Rng(mix32(ctx.seed ^ SALE_TWIST_SALT, index));
  const twist = saleTwist(twistRng, fate, stepIds.indexOf(policy.soldStepId));
  const target = twistTarget(twistRng, twist, progressTarget(rng, fate, stepIds.length, soldIndex), soldIndex);
  const path = target < 0 ? [] : progressPath(rng, stepIds, target, soldIndex);
  twistPath(twist, path, policy.soldStepId);

  // Working sessions, one per slot of the lifetime so their commands never interleave; the last
  // one is the timeline's last session.
  const span = time.lastSession - time.createdAt;
  const wanted = fate === 'fresh' ? (span > 0 ? 1 : 0) : Math.max(1, Math.ceil(path.length / 2), Math.ceil(span / (4 * DAY)));
  const sessionCount = Math.min(wanted, 6, Math.floor(span / HOUR) + 1);
  const sessions: number[] = [];
  for (let i = 0; i < sessionCount - 1; i++) sessions.push(Math.round(time.createdAt + (span * (i + rng.between(0.3, 0.7))) / sessionCount));
  if (sessionCount > 0) sessions.push(Math.round(time.lastSession));

  let actor = reassignedFrom ?? salesperson;
  const reassignAt = reassignedFrom && sessions.length > 0 ? rng.int(0, sessions.length - 1) : -1;
  const interestAt = rng.chance(0.8) ? rng.int(0, sessions.length) : -1; // sessions.length = at creation
  const interestKind = fate === 'lost' ? 'lost' : fate === 'won' ? 'won' : 'open';

  // The first contact: a call booked when the lead arrived.
  const firstDue = fate === 'fresh' && time.finalDue !== null && sessions.length === 0 ? time.finalDue : b.lead.createdAt + rng.between(HOUR, 26 * HOUR);
  b.schedule(actor, b.lead.createdAt + MIN, 'call', 'First contact', workingTime(firstDue, b.lead.createdAt + 30 * MIN, firstDue + 20 * HOUR));
  if (interestAt === sessions.length) b.setInterest(actor, b.lead.createdAt + 2 * MIN, rng.weighted(INTEREST_BY_FATE[interestKind]));

  let pathCursor = 0;
  for (let s = 0; s < sessions.length; s++) {
    const t = sessions[s]!;
    const last = s === sessions.length - 1;
    if (s === reassignAt) {
      b.assign(managerOf(actor), t, salesperson.userId);
      actor = salesperson;
    }
    b.complete(actor, t + MIN, last ? Infinity : t + DAY);

    // This session's share of the path, split into saves so one save never touches a step twice.
    const take = last ? path.length - pathCursor : Math.min(path.length - pathCursor, Math.round(((s + 1) * path.length) / sessions.length) - pathCursor);
    let check: string[] = [];
    let clear: string[] = [];
    let save = 0;
    const flush = (): void => {
      if (check.length === 0 && clear.length === 0) return;
      const note = policy.mandatory.progressNote || rng.chance(0.3) ? rng.pick(PROGRESS_NOTES) : '';
      const only = check.length === 1 && clear.length === 0 ? check[0] : '';
      const via = (only && rng.chance(0.5) ? RESPONSE_BY_STEP[only]?.(rng) : undefined) ?? 'progress';
      b.progress(actor, t + (2 + save) * MIN, check, clear, note, via);
      save += 1;
      check = [];
      clear = [];
    };
    for (let k = 0; k < take; k++) {
      const entry = path[pathCursor++]!;
      if (check.includes(entry.stepId) || clear.includes(entry.stepId) || (entry.action === 'clear' && check.length > 0)) flush();
      (entry.action === 'check' ? check : clear).push(entry.stepId);
    }
    flush();

    if (s === interestAt) b.setInterest(actor, t + 20 * MIN, rng.weighted(INTEREST_BY_FATE[interestKind]));
    if (rng.chance(0.25)) b.addNote(actor, t + 21 * MIN, rng.pick(LEAD_NOTES));

    if (!last) {
      if (rng.chance(0.8)) {
        const next = sessions[s + 1]!;
        const due = Math.max(t + HOUR, next - rng.between(-6 * HOUR, 2 * DAY));
        const type = rng.weighted(EVENT_KINDS);
        b.schedule(actor, t + 22 * MIN, type, eventTitle(type, vehicleName), workingTime(due, t + HOUR, next + 20 * HOUR));
      }
    } else if (time.finalDue !== null && fate !== 'fresh') {
      const type: CalendarEventType = fate === 'sold-open' ? 'appointment' : rng.weighted(EVENT_KINDS);
      const title = fate === 'sold-open' ? `Delivery: ${vehicleName}` : eventTitle(type, vehicleName);
      b.schedule(actor, t + 22 * MIN, type, title, workingTime(time.finalDue, ...finalDueWindow(fate, time.finalDue, t, now)));
    } else if (fate === 'lost' && time.followUpAt === null && rng.chance(0.4)) {
      // Left behind when the lead was closed; closing completes it (or not) per the dialog.
      const type = rng.weighted(EVENT_KINDS);
      b.schedule(actor, t + 22 * MIN, type, eventTitle(type, vehicleName), workingTime(t + rng.between(DAY, 20 * DAY), t + DAY));
    } else if (fate === 'fresh' && time.finalDue !== null) {
      b.schedule(actor, t + 22 * MIN, 'follow-up', 'Follow up', workingTime(Math.max(time.finalDue, t + HOUR), t + HOUR));
    }
  }

  const endAt = Math.round(time.endAt);
  switch (fate) {
    case 'lost':
      closeLost(rng, b, ctx, staff, actor, endAt, time.followUpAt);
      break;
    case 'won': {
      const notes = rng.chance(0.7) ? rng.pick(WON_NOTES) : '';
      const overdue = rng.chance(0.9);
      const all = rng.chance(0.3);
      b.closeWon(actor, endAt, {
        // As the dialog allows: 'all incomplete' ticked keeps 'overdue' ticked.
        completeOverdueEvents: overdue || all,
        completeAllEvents: all,
        notes,
        contactGroups: [...policy.defaultWonContactGroups],
        followUpAt: time.followUpAt,
      });
      break;
    }
    case 'requested':
    case 'declined': {
      const request = b.requestClose(actor, endAt, lostChoices(rng, policy, endAt, null));
      if (fate === 'declined') {
        const decidedAt = Math.min(now - MIN, endAt + Math.round(rng.between(10 * MIN, DAY)));
        b.decide(managerOf(actor), decidedAt, request, 'decline', rng.pick(DECLINE_REASONS));
      }
      break;
    }
    default:
      break;
  }
  return { lead: b.lead, events: b.events, activity: b.activity };
}

function lostChoices(rng: Rng, policy: CompanyPolicy, at: number, followUpAt: number | null): CloseLostChoices {
  const required = policy.mandatory.closeLost;
  const reasonId = required.includes('reason') || rng.chance(0.95) ? lostReason(rng, policy) : '';
  const notesPool = LOST_NOTES[reasonId] ?? ['Closed.'];
  const notes = required.includes('notes') || rng.chance(0.8) ? rng.pick(notesPool) : '';
  const completeAllEvents = followUpAt !== null ? false : rng.chance(0.2);
  const contactGroups = [...policy.defaultLostContactGroups];
  if (reasonId === 'delayed-purchase' && policy.contactGroups.some((g) => g.id === 'future-prospects')) contactGroups.push('future-prospects');
  return {
    reasonId,
    // A near follow-up keeps nothing else open, so the lead's action date is the follow-up.
    // 'All incomplete' ticked keeps 'overdue' ticked, as the dialog and src/rules allow.
    completeOverdueEvents: (followUpAt !== null && Math.abs(followUpAt - at) < 40 * DAY ? true : rng.chance(0.9)) || completeAllEvents,
    completeAllEvents,
    notes,
    contactGroups,
    followUpAt,
  };
}

function closeLost(rng: Rng, b: LeadBuilder, ctx: LeadContext, staff: Staff, actor: UserDoc, at: number, followUpAt: number | null): void {
  const { policy } = ctx;
  const choices = lostChoices(rng, policy, at, followUpAt);
  const mode = closeLostMode(actor, policy);
  const manager = staff.byId.get(actor.managerId) ?? staff.managers[0] ?? actor;
  if (mode === 'close' && !(rng.chance(0.1) && manager !== actor)) {
    b.closeLost(actor, at, choices);
  } else if (mode === 'request' && rng.chance(0.75)) {
    const requestedAt = at - Math.round(rng.between(30 * MIN, Math.min(2 * DAY, (at - b.lead.updatedAt) * 0.9)));
    const request = b.requestClose(actor, Math.max(b.lead.updatedAt + MIN, requestedAt), choices);
    b.decide(manager, at, request, 'approve');
  } else {
    b.closeLost(manager, at, choices);
  }
}
