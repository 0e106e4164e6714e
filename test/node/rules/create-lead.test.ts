import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, requiredState } from '../../../src/rules/index.js';
import { NOW, audits, ctx, lead, mustFail, mustOk, onlyLead, state } from './fixtures.js';

const input = (overrides = {}) => ({
  customer: { name: ' Jane Doe ', email: 'Jane@Example.com', phone: '07700 900123' },
  vehicle: '2024 Toyota RAV4',
  source: 'Website',
  salespersonId: 'sam',
  ...overrides,
});

describe('create lead', () => {
  test('create lead: a new open lead with a deterministic id, empty progress and derived fields', () => {
    const cs = mustOk(decide({ type: 'create-lead', lead: input() }, state({ lead: undefined }), ctx('sam', 'new-1')));
    const l = onlyLead(cs);
    assert.equal(l.id, 'lead:new-1');
    assert.equal(l.status, 'open');
    assert.equal(l.customer.name, 'Jane Doe');
    assert.equal(l.interest, 'not-set');
    assert.deepEqual(l.steps, {});
    assert.equal(l.progressStepId, '');
    assert.equal(l.search, 'jane doe jane@example.com 07700 900123 2024 toyota rav4 website');
    assert.equal(l.actionAt, NOW);
    assert.equal(l.createdAt, NOW);
    assert.deepEqual(l.clock.customer, { at: NOW, deviceId: 'device-sam', by: 'sam' });
    assert.equal(audits(cs).length, 1);
    assert.deepEqual(cs.outcome, { outcome: 'created', leadId: 'lead:new-1' });
  });

  test('create lead: a given leadId is used, and refused when it already exists', () => {
    const cmd = { type: 'create-lead' as const, lead: input({ leadId: 'lead:web-42' }) };
    assert.deepEqual(requiredState(cmd), { leadId: 'lead:web-42' });
    assert.equal(onlyLead(mustOk(decide(cmd, state({ lead: undefined }), ctx('sam')))).id, 'lead:web-42');
    mustFail(decide(cmd, state({ lead: lead({ id: 'lead:web-42' }) }), ctx('sam')), 'input/invalid');
    mustFail(decide({ type: 'create-lead', lead: input({ leadId: 'web-42' }) }, state({ lead: undefined }), ctx('sam')), 'input/invalid');
  });

  test('create lead: bad input is refused with a typed error', () => {
    const table = [
      [input({ customer: { name: '', email: '', phone: '' } }), 'input/invalid'],
      [input({ customer: { name: 'x'.repeat(201), email: '', phone: '' } }), 'input/invalid'],
      [input({ vehicle: 42 }), 'input/invalid'],
      [input({ interest: 'lukewarm' }), 'interest/unknown'],
      [input({ salespersonId: 'ghost' }), 'user/not-found'],
    ] as const;
    for (const [lead, code] of table) mustFail(decide({ type: 'create-lead', lead: lead as never }, state({ lead: undefined }), ctx('sam')), code);
  });

  test('create lead: a lead may come in unassigned', () => {
    assert.equal(
      onlyLead(mustOk(decide({ type: 'create-lead', lead: input({ salespersonId: '' }) }, state({ lead: undefined }), ctx('sam')))).salespersonId,
      '',
    );
  });
});
