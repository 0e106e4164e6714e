/** Limits on free text, shared by the rules, the schemas and the server. No imports: bundled into validate_doc_update. */
export const LIMITS = {
  noteLength: 4000,
  reasonLength: 500,
  titleLength: 200,
  nameLength: 200,
  bulkLeads: 5000,
} as const;
