/**
 * A small JSON-schema check of a document against its collection's schema (types, required
 * fields, enums, string lengths, number ranges). RxDB's validation plugins compile schemas with
 * eval, which a strict CSP forbids; without one RxDB writes whatever it is given, and an index
 * field out of its declared range would corrupt index order. The rules judge meaning; this
 * judges shape.
 */
import type { RuleError } from '../model/index.js';

interface SchemaPart {
  type?: string;
  properties?: Record<string, SchemaPart>;
  required?: readonly string[];
  items?: SchemaPart;
  enum?: readonly unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

function problem(part: SchemaPart, value: unknown, path: string): string | null {
  switch (part.type) {
    case 'string':
      if (typeof value !== 'string') return `${path} must be text`;
      if (part.maxLength !== undefined && value.length > part.maxLength) return `${path} is longer than ${part.maxLength} characters`;
      break;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${path} must be a finite number`;
      if (part.minimum !== undefined && value < part.minimum) return `${path} is below ${part.minimum}`;
      if (part.maximum !== undefined && value > part.maximum) return `${path} is above ${part.maximum}`;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `${path} must be true or false`;
      break;
    case 'array':
      if (!Array.isArray(value)) return `${path} must be a list`;
      if (part.items) {
        for (let i = 0; i < value.length; i++) {
          const p = problem(part.items, value[i], `${path}[${i}]`);
          if (p) return p;
        }
      }
      break;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
      const obj = value as Record<string, unknown>;
      for (const key of part.required ?? []) {
        if (obj[key] === undefined) return `${path ? path + '.' : ''}${key} is missing`;
      }
      for (const [key, sub] of Object.entries(part.properties ?? {})) {
        if (obj[key] === undefined) continue;
        const p = problem(sub, obj[key], path ? `${path}.${key}` : key);
        if (p) return p;
      }
      break;
    }
  }
  if (part.enum && !part.enum.includes(value)) return `${path} is not one of ${part.enum.join(', ')}`;
  return null;
}

export function checkShape(schema: object, doc: unknown, collection: string): RuleError | null {
  const p = problem({ ...(schema as SchemaPart), type: 'object' }, doc, '');
  if (!p) return null;
  const id = typeof doc === 'object' && doc !== null ? String((doc as { id?: unknown }).id) : '?';
  return { code: 'doc/invalid', message: `${collection} document ${id}: ${p}.`, details: { collection, id } };
}
