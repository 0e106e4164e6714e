import type { Role } from './documents.js';

/** The person acting, as the rules see them. Built by the store from the user's document. */
export interface Actor {
  userId: string;
  dealershipId: string;
  roles: readonly Role[];
  /** Their own manager; '' = any manager of the dealership. */
  managerId: string;
  deviceId: string;
}

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role): boolean => actor.roles.includes(role);
