/** The merge functions sync uses by default: the rules' own (src/rules/merge.ts). */
import { mergeActivity, mergeEvents, mergeLeads } from '../rules/merge.js';
import type { Mergers } from './conflicts.js';

export const defaultMergers: Mergers = { mergeLeads, mergeEvents, mergeActivity };
