/** The least the store checks of a command before the rules see it. */
import type { Command, CommandType } from '../model/index.js';

const TYPES: ReadonlySet<CommandType> = new Set<CommandType>([
  'create-lead',
  'close-lost',
  'decide-close-request',
  'withdraw-close-request',
  'close-won',
  'mark-sold',
  'reopen',
  'update-progress',
  'set-interest',
  'add-note',
  'schedule-event',
  'complete-events',
  'reschedule-event',
  'record-response',
  'assign',
  'mark-notification-read',
  'update-policy',
  'upsert-user',
]);

export function isCommandShape(command: unknown): command is Command {
  if (typeof command !== 'object' || command === null || Array.isArray(command)) return false;
  const type = (command as { type?: unknown }).type;
  return typeof type === 'string' && TYPES.has(type as CommandType);
}

/** What a bulk item is about: its lead, or for a request decision the request. */
export function bulkTarget(command: Command): string {
  if (!isCommandShape(command)) return '';
  if ('leadId' in command && typeof command.leadId === 'string') return command.leadId;
  if ('requestId' in command && typeof command.requestId === 'string') return command.requestId;
  return '';
}
