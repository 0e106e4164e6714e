/** Deterministic document ids, all derived from the commandId so a replayed command collides. */
export const ids = {
  lead: (commandId: string): string => `lead:${commandId}`,
  audit: (commandId: string): string => `activity:${commandId}:audit`,
  note: (commandId: string): string => `activity:${commandId}:note`,
  pass: (commandId: string, stepId: string): string => `activity:${commandId}:pass:${stepId}`,
  closeRequest: (commandId: string): string => `activity:${commandId}:close-request`,
  notification: (commandId: string, topic: string, recipientId: string): string => `activity:${commandId}:notify:${topic}:${recipientId}`,
  event: (commandId: string): string => `event:${commandId}`,
  followUp: (commandId: string): string => `event:${commandId}:follow-up`,
  user: (userId: string): string => `user:${userId}`,
} as const;
