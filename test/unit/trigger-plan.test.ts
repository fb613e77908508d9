import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/domain/rules/time.ts';
import type { TriggerDefinition } from '../../src/domain/triggers/definition.ts';
import { dedupeValue, planEvents, stepKey, stopEventNames } from '../../src/domain/triggers/plan.ts';

const base: TriggerDefinition = {
  name: 'order_confirmation',
  description: null,
  start: { kind: 'event', event: 'order_placed' },
  when: null,
  send: 'order_confirmation',
  delay: null,
  dedupeBy: ['order_id'],
  limit: null,
  window: null,
  followUps: [],
  stopIf: [],
  active: true,
};
const replenish: TriggerDefinition = {
  ...base,
  name: 'replenishment_reminder',
  start: { kind: 'after', event: 'order_placed', unless: 'order_placed' },
  dedupeBy: null,
  delay: parseDuration('P30D'),
};
const T = Date.parse('2026-11-23T09:00:00Z');
const event = (id: string, props: Record<string, unknown>, name = 'order_placed') => ({
  id,
  contactId: 'con_A',
  name,
  properties: props,
  occurredAt: T,
});

describe('planEvents', () => {
  it('keys a start by trigger, contact and dedupe value, so one order id is one key', () => {
    const { starts } = planEvents(
      [base],
      [event('evt_1', { order_id: 'A-1' }), event('evt_2', { order_id: 'A-1' }), event('evt_3', { order_id: 7 })],
    );
    expect(starts.map((s) => s.key)).toEqual([
      'trigger:order_confirmation:con_A:A-1',
      'trigger:order_confirmation:con_A:A-1',
      'trigger:order_confirmation:con_A:7',
    ]);
  });

  it('falls back to the event id when the dedupe value is missing', () => {
    expect(dedupeValue(base, { id: 'evt_9', properties: {} })).toBe('evt_9');
    expect(dedupeValue({ ...base, dedupeBy: null }, { id: 'evt_9', properties: { order_id: 'A' } })).toBe('evt_9');
  });

  it('proposes the due time as the event time plus the delay, and carries the event for the template', () => {
    const { starts } = planEvents([replenish], [event('evt_1', { sku: 'x' })]);
    expect(starts[0]).toMatchObject({
      proposedAt: Date.parse('2026-12-23T09:00:00Z'),
      payload: {
        step: 0,
        startedAt: T,
        event: { id: 'evt_1', name: 'order_placed', properties: { sku: 'x' }, occurred_at: '2026-11-23T09:00:00.000Z' },
      },
    });
  });

  it('stops what unless and stop_if name, only for sends started before the stopping event; inactive triggers do nothing', () => {
    const review: TriggerDefinition = {
      ...base,
      name: 'review_request',
      start: { kind: 'after', event: 'order_delivered', unless: null },
      stopIf: [{ kind: 'replied' }, { kind: 'event', name: 'review_submitted' }],
    };
    expect(stopEventNames(review)).toEqual(['review_submitted']);
    expect(stopEventNames(replenish)).toEqual(['order_placed']);
    const { starts, stops } = planEvents(
      [replenish, review, { ...base, active: false }],
      [event('evt_1', {}), event('evt_2', {}, 'review_submitted')],
    );
    expect(starts.map((s) => s.trigger.name)).toEqual(['replenishment_reminder']);
    expect(stops).toEqual([
      { eventId: 'evt_1', contactId: 'con_A', trigger: 'replenishment_reminder', eventName: 'order_placed', before: T },
      { eventId: 'evt_2', contactId: 'con_A', trigger: 'review_request', eventName: 'review_submitted', before: T },
    ]);
  });

  it('numbers follow-up keys after the first step', () => {
    expect(stepKey('trigger:review_request:con_A:O-1', 1)).toBe('trigger:review_request:con_A:O-1:1');
  });
});
