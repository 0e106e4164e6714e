/** Limits on free text, shared by the rules, the schemas and the server. No imports: bundled into validate_doc_update. */
export const LIMITS = {
  noteLength: 4000,
  reasonLength: 500,
  titleLength: 200,
  nameLength: 200,
  bulkLeads: 5000,
  /**
   * The dates (epoch ms) a person may enter or a clock may give: 2000-01-01T00:00Z inclusive to
   * 2100-01-01T00:00Z exclusive. Anything else is a typo, a broken clock or an attack (the year
   * 10000 would not even fit the store's date indexes).
   */
  earliestDate: 946_684_800_000,
  latestDate: 4_102_444_800_000,
} as const;
