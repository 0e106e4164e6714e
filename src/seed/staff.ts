/** The dealership's people and company preferences for a seeded dealership. */
import type { CapabilityRole, CompanyPolicy, Role, UserDoc } from '../model/index.js';
import { defaultPolicy } from '../model/index.js';
import { Rng } from './random.js';
import { STAFF_FIRST, STAFF_LAST } from './vocabulary.js';

const DAY = 86_400_000;

export interface StaffOptions {
  dealershipId: string;
  now: number;
  /** Number of salespeople, 6–12; default chosen by the seed. */
  salespeople?: number;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * One admin, two managers and 6–12 salespeople. The first manager receives closed-lost
 * notifications (and so does the second on some seeds); both bulk-manage. About half the
 * salespeople hold 'close-lead-lost-permission' (they request, a manager decides); the others
 * have no Close Lost action while the role is defined. Most salespeople name their manager.
 */
export function generateUsers(rng: Rng, options: StaffOptions): UserDoc[] {
  const count = Math.min(12, Math.max(6, options.salespeople ?? rng.int(6, 12)));
  const firsts = [...STAFF_FIRST];
  const lasts = [...STAFF_LAST];
  const takeName = (): { first: string; last: string } => {
    const first = firsts.splice(rng.int(0, firsts.length - 1), 1)[0]!;
    const last = lasts.splice(rng.int(0, lasts.length - 1), 1)[0]!;
    return { first, last };
  };
  const updatedAt = options.now - 200 * DAY;
  const make = (roles: Role[], managerId: string): UserDoc => {
    const { first, last } = takeName();
    const userId = `${slug(first)}.${slug(last)}`;
    return {
      id: `user:${userId}`,
      type: 'user',
      dealershipId: options.dealershipId,
      userId,
      name: `${first} ${last}`,
      email: `${userId}@${options.dealershipId}.example`,
      roles,
      managerId,
      active: true,
      updatedAt,
    };
  };

  const admin = make(['admin', 'bulk-manage'], '');
  const salesManager = make(['manager', 'bulk-manage', 'receive-closed-lead-as-lost-notification'], '');
  const secondManager = make(rng.chance(0.5) ? ['manager', 'bulk-manage', 'receive-closed-lead-as-lost-notification'] : ['manager', 'bulk-manage'], '');
  const sales: UserDoc[] = [];
  for (let i = 0; i < count; i++) {
    const roles: Role[] = ['salesperson'];
    // The first two always hold the permission role and the third never does, so every seed shows both.
    if (i < 2 || (i > 2 && rng.chance(0.5))) roles.push('close-lead-lost-permission');
    const managerId = rng.chance(0.2) ? '' : (i % 2 === 0 ? salesManager : secondManager).userId;
    sales.push(make(roles, managerId));
  }
  return [admin, salesManager, secondManager, ...sales];
}

export interface PolicyOptions {
  dealershipId: string;
  companyName?: string;
  now: number;
  adminId: string;
  /** Overrides of the seeded preferences. */
  policy?: Partial<Omit<CompanyPolicy, 'id' | 'type' | 'dealershipId'>>;
}

const ALL_CAPABILITIES: CapabilityRole[] = ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification', 'bulk-manage'];

function titleCase(id: string): string {
  return id
    .split(/[-_ ]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** The company defaults, every capability role defined, last updated by the admin. */
export function generatePolicy(options: PolicyOptions): CompanyPolicy {
  const at = options.now - 200 * DAY;
  const base = defaultPolicy(options.dealershipId, options.companyName ?? titleCase(options.dealershipId));
  return {
    ...base,
    definedRoles: [...ALL_CAPABILITIES],
    updatedAt: at,
    updatedBy: options.adminId,
    stamp: { at, deviceId: `${options.adminId}-desktop`, by: options.adminId },
    ...options.policy,
  };
}
