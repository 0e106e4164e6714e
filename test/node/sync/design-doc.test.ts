/**
 * The generated validate_doc_update runs where CouchDB's JavaScript engine may be ES5 only: its
 * syntax is checked to be ES5 and it is run in a vm context whose ES2015+ built-ins are deleted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import ts from 'typescript';
import { defaultPolicy } from '../../../src/model/index.js';
import { buildDesignDoc, buildValidateFunction, BY_TYPE_FILTER_SOURCE } from '../../../server/design-doc.js';
import { makeLead } from './helpers.js';

const ES2015_GLOBALS = ['Map', 'Set', 'WeakMap', 'WeakSet', 'Symbol', 'Promise', 'Proxy', 'Reflect'];
const ES2015_STATICS: Record<string, string[]> = {
  Array: ['from', 'of'],
  Object: ['assign', 'entries', 'values', 'fromEntries', 'is', 'getOwnPropertySymbols'],
  Number: ['isFinite', 'isInteger', 'isNaN', 'parseFloat', 'parseInt', 'EPSILON'],
  Math: ['trunc', 'sign', 'log2', 'log10', 'cbrt', 'hypot'],
};
const ES2015_PROTO: Record<string, string[]> = {
  Array: ['includes', 'find', 'findIndex', 'fill', 'entries', 'keys', 'values', 'flat', 'flatMap', 'copyWithin'],
  String: ['startsWith', 'endsWith', 'includes', 'repeat', 'padStart', 'padEnd', 'trimStart', 'trimEnd', 'codePointAt', 'normalize'],
};

/** A vm context with only ES5's built-ins. */
function es5Context(): vm.Context {
  const context = vm.createContext({});
  const lines = [
    ...ES2015_GLOBALS.map((g) => `delete globalThis.${g};`),
    ...Object.entries(ES2015_STATICS).flatMap(([o, keys]) => keys.map((k) => `delete ${o}.${k};`)),
    ...Object.entries(ES2015_PROTO).flatMap(([o, keys]) => keys.map((k) => `delete ${o}.prototype.${k};`)),
  ];
  vm.runInContext(lines.join('\n'), context);
  assert.equal(vm.runInContext('typeof Map + typeof Object.assign + typeof [].includes', context), 'undefinedundefinedundefined');
  return context;
}

/** Syntax newer than ES5 found in a piece of JavaScript (kinds by name). */
function es2015Syntax(source: string): string[] {
  const file = ts.createSourceFile('v.js', `(${source})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = new Set<string>();
  const K = ts.SyntaxKind;
  const banned = new Set([
    K.ArrowFunction,
    K.ClassDeclaration,
    K.ClassExpression,
    K.TemplateExpression,
    K.NoSubstitutionTemplateLiteral,
    K.SpreadElement,
    K.SpreadAssignment,
    K.ObjectBindingPattern,
    K.ArrayBindingPattern,
    K.ForOfStatement,
    K.ComputedPropertyName,
    K.ShorthandPropertyAssignment,
    K.AwaitExpression,
    K.YieldExpression,
    K.TaggedTemplateExpression,
  ]);
  const visit = (node: ts.Node) => {
    if (banned.has(node.kind)) found.add(K[node.kind]);
    if (ts.isVariableDeclarationList(node) && node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) found.add('let/const');
    if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) found.add('object method shorthand');
    if (ts.isParameter(node) && (node.initializer || node.dotDotDotToken)) found.add('default/rest parameter');
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.AsteriskAsteriskToken) found.add('**');
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found];
}

const D = 'vm-motors';
const policy = { ...defaultPolicy(D), definedRoles: ['close-lead-lost-permission' as const] };
const couchLead = (over: Record<string, unknown> = {}) => {
  const { id, ...rest } = makeLead(D, 1, { updatedBy: 'sam' });
  return { _id: id, ...rest, ...over };
};

describe('the generated design document', () => {
  test('validate_doc_update is ES5 syntax and runs with ES2015+ built-ins removed', async () => {
    const source = await buildValidateFunction(D, policy);
    assert.deepEqual(es2015Syntax(source), []);
    const context = es5Context();
    const validate = vm.runInContext(`(${source})`, context) as (n: unknown, o: unknown, u: unknown, s: unknown) => void;
    const sam = { name: 'sam', roles: [`${D}:salesperson`], db: D };
    const mia = { name: 'mia', roles: [`${D}:manager`], db: D };
    // an ordinary lead written by its writer passes
    validate(couchLead(), null, sam, {});
    // closing lost with the permission role defined: the salesperson is refused, the manager may
    const closed = (by: string) =>
      couchLead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: 1_700_000_100_000, closedBy: by, updatedBy: by });
    assert.throws(
      () => validate(closed('sam'), couchLead(), sam, {}),
      (e: any) => typeof e.forbidden === 'string' && e.forbidden.startsWith('auth/not-permitted'),
    );
    validate(closed('mia'), couchLead(), mia, {});
    // roles of another dealership count for nothing
    const elsewhere = { name: 'mia', roles: ['other-motors:manager'], db: D };
    assert.throws(
      () => validate(closed('mia'), couchLead(), elsewhere, {}),
      (e: any) => /auth\/not-permitted/.test(e.forbidden),
    );
    // a server admin may; an anonymous writer is unauthorized; design documents are for admins
    validate({ _id: 'lead:x', _deleted: true }, couchLead(), { name: 'admin', roles: ['_admin'] }, {});
    assert.throws(
      () => validate(couchLead(), null, { name: null, roles: [] }, {}),
      (e: any) => typeof e.unauthorized === 'string',
    );
    assert.throws(
      () => validate({ _id: '_design/x' }, null, mia, {}),
      (e: any) => typeof e.forbidden === 'string',
    );
  });

  test('the by_type filter passes one type and its deletion stubs, never design documents', () => {
    const filter = vm.runInContext(`(${BY_TYPE_FILTER_SOURCE})`, es5Context()) as (doc: unknown, req: unknown) => boolean;
    const req = { query: { type: 'lead' } };
    assert.equal(filter({ _id: 'lead:1', type: 'lead' }, req), true);
    assert.equal(filter({ _id: 'lead:1', _deleted: true }, req), true);
    assert.equal(filter({ _id: 'event:1', type: 'event' }, req), false);
    assert.equal(filter({ _id: 'event:1', _deleted: true }, req), false);
    assert.equal(filter({ _id: '_design/forecourt', filters: {} }, req), false);
  });

  test('the same dealership and policy always build the same document (setup stays idempotent)', async () => {
    const a = await buildDesignDoc(D, policy);
    const reordered = Object.fromEntries(Object.entries(policy).reverse()) as typeof policy;
    const b = await buildDesignDoc(D, reordered);
    assert.equal(a.validate_doc_update, b.validate_doc_update);
    assert.match(a.validate_doc_update, /^function \(newDoc, oldDoc, userCtx, secObj\) \{/);
  });
});
