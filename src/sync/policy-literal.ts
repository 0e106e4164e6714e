/**
 * The company policy as it sits inside `_design/forecourt`'s validate_doc_update: one JSON
 * literal between two `/*forecourt-policy*\/` markers, so a browser can swap the policy without
 * rebuilding the validator (server/design-doc.ts builds the function, pushPolicyToServer swaps
 * the literal; both through this module, so they write the same text for the same policy).
 *
 * The literal is canonical (keys sorted, `_` fields and undefined values left out) and escapes
 * `/` (no label can close a comment or fake a marker), `<` (no `</script>`) and U+2028/U+2029
 * (line terminators inside string literals before ES2019): JSON and JavaScript read it alike.
 */
import type { CompanyPolicy } from '../model/index.js';

export const POLICY_MARKER = '/*forecourt-policy*/';

function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => !k.startsWith('_') && o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** The policy as the literal compiled into validate_doc_update (markers included). */
export function policyLiteral(policy: CompanyPolicy): string {
  // Outside strings JSON has no `/`, `<` or U+2028/9: these replacements only touch string contents.
  const json = canonicalJson({ ...policy, id: 'policy' })
    .replace(/\//g, '\\/')
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${POLICY_MARKER}${json}${POLICY_MARKER}`;
}

/** Where the literal is in a validate_doc_update, or null when it has none (built before the markers existed). */
function literalBounds(source: string): { start: number; end: number } | null {
  const start = source.indexOf(POLICY_MARKER);
  if (start < 0) return null;
  const close = source.indexOf(POLICY_MARKER, start + POLICY_MARKER.length);
  if (close < 0) return null;
  return { start, end: close + POLICY_MARKER.length };
}

/** The policy compiled into a validate_doc_update, or null. */
export function readPolicyLiteral(source: string): CompanyPolicy | null {
  const bounds = literalBounds(source);
  if (!bounds) return null;
  try {
    return JSON.parse(source.slice(bounds.start + POLICY_MARKER.length, bounds.end - POLICY_MARKER.length)) as CompanyPolicy;
  } catch {
    return null;
  }
}

/** The validate_doc_update with another policy in place of its literal, or null when it has no literal. */
export function replacePolicyLiteral(source: string, policy: CompanyPolicy): string | null {
  const bounds = literalBounds(source);
  if (!bounds) return null;
  return source.slice(0, bounds.start) + policyLiteral(policy) + source.slice(bounds.end);
}
