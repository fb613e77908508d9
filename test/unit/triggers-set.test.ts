// TriggerSet: built from trigger files, looked up by event, date and after; problems formatted as file:line.
import { describe, expect, it } from 'vitest';
import type { TriggerFile } from '../../src/domain/triggers/parse.ts';
import {
  buildTriggerSet,
  checkTriggers,
  formatTriggerProblems,
  summarizeTrigger,
  triggerSetOf,
  triggerSetOrThrow,
} from '../../src/domain/triggers/set.ts';

const TEMPLATES = ['welcome', 'order_confirmation', 'birthday', 'review_request', 'review_reminder'];

function file(name: string, ...lines: string[]): TriggerFile {
  return { name, path: `triggers/${name}.yaml`, text: lines.join('\n') };
}

const FILES: TriggerFile[] = [
  file('welcome', 'on: signed_up', 'send: welcome'),
  file('order_confirmation', 'on: order_placed', 'send: order_confirmation', 'dedupe_by: event.order_id', 'limit: none'),
  file('vip_order', 'on: order_placed', 'when: event.total >= 1000', 'send: welcome'),
  file('old_welcome', 'on: signed_up', 'send: welcome', 'active: false'),
  file('birthday', 'date: attributes.birthday', 'at: "09:00"', 'days_before: 1', 'send: birthday'),
  file(
    'review_request',
    'after: order_delivered',
    'delay: P3D',
    'send: review_request',
    'follow_ups: [{delay: P4D, send: review_reminder}]',
  ),
  file('replenish', 'after: order_placed', 'delay: P30D', 'unless: order_placed', 'send: welcome', 'active: false'),
];

describe('buildTriggerSet', () => {
  const { set, problems } = buildTriggerSet(FILES, TEMPLATES);

  it('holds every trigger, sorted by name, active or not', () => {
    expect(problems).toEqual([]);
    expect(set.all().map((t) => t.name)).toEqual([
      'birthday',
      'old_welcome',
      'order_confirmation',
      'replenish',
      'review_request',
      'vip_order',
      'welcome',
    ]);
    expect(set.get('old_welcome')?.active).toBe(false);
    expect(set.get('nope')).toBeUndefined();
  });

  it('looks up active triggers by starting event, date and after-event', () => {
    expect(set.byEvent('order_placed').map((t) => t.name)).toEqual(['order_confirmation', 'vip_order']);
    expect(set.byEvent('signed_up').map((t) => t.name)).toEqual(['welcome']);
    expect(set.byEvent('order_delivered')).toEqual([]);
    expect(set.dates().map((t) => t.name)).toEqual(['birthday']);
    expect(set.afters('order_delivered').map((t) => t.name)).toEqual(['review_request']);
    expect(set.afters('order_placed')).toEqual([]);
  });

  it('hands out copies: a caller cannot change the set', () => {
    set.all().pop();
    set.byEvent('order_placed').pop();
    expect(set.all()).toHaveLength(7);
    expect(set.byEvent('order_placed')).toHaveLength(2);
  });

  it('keeps the good triggers when another file is broken, and reports the broken one with file:line', () => {
    const built = buildTriggerSet([...FILES, file('broken', 'on: x', 'send: nope')], TEMPLATES);
    expect(built.set.all()).toHaveLength(7);
    expect(formatTriggerProblems(built.problems)).toBe(
      'triggers/broken.yaml:2: send: no template "nope" in templates/ ' +
        '(known: birthday, order_confirmation, review_reminder, review_request, welcome)',
    );
  });

  it('refuses files that are not NAME.yaml and a second trigger of the same name', () => {
    const problems = checkTriggers(
      [
        { name: 'a', path: 'triggers/a.yml', text: 'on: x\nsend: welcome' },
        file('b', 'on: x', 'send: welcome'),
        { name: 'b', path: 'other/b.yaml', text: 'on: y\nsend: welcome' },
      ],
      TEMPLATES,
    );
    expect(formatTriggerProblems(problems)).toBe(
      [
        'triggers/a.yml:1: not a trigger file: expected NAME.yaml',
        'triggers/b.yaml:1: a second trigger named "b" (the first is other/b.yaml)',
      ].join('\n'),
    );
  });

  it('checks templates only when names are given', () => {
    expect(buildTriggerSet([file('x', 'on: a', 'send: anything')]).problems).toEqual([]);
    expect(checkTriggers([file('x', 'on: a', 'send: anything')], [])).toEqual([
      { file: 'triggers/x.yaml', line: 2, message: 'send: no template "anything" in templates/ (known: (none))' },
    ]);
  });
});

describe('triggerSetOrThrow', () => {
  it('returns the set, or throws with every problem as file:line', () => {
    expect(triggerSetOrThrow(FILES, TEMPLATES).all()).toHaveLength(7);
    expect(() => triggerSetOrThrow([file('a', 'on: a'), file('b', 'on: b', 'send: welcome', 'delay: soon')], TEMPLATES)).toThrow(
      'triggers have problems:\ntriggers/a.yaml:1: send: TEMPLATE is required (the template of the first message)\n' +
        'triggers/b.yaml:3: delay: expected an ISO 8601 duration like P3D, PT12H or P1M (whole numbers), found "soon"',
    );
  });
});

describe('triggerSetOf', () => {
  it('makes a set of definitions a test builds, and refuses two of one name', () => {
    const welcome = buildTriggerSet(FILES, TEMPLATES).set.get('welcome')!;
    expect(triggerSetOf([welcome]).byEvent('signed_up')).toEqual([welcome]);
    expect(triggerSetOf([]).all()).toEqual([]);
    expect(() => triggerSetOf([welcome, welcome])).toThrow('two triggers are named "welcome"');
  });
});

describe('summarizeTrigger', () => {
  it('says in a few words what each kind does', () => {
    const { set } = buildTriggerSet(FILES, TEMPLATES);
    expect(summarizeTrigger(set.get('order_confirmation')!)).toEqual({
      name: 'order_confirmation',
      kind: 'event',
      start: 'order_placed',
      send: 'order_confirmation',
      delay: '-',
      limit: 'none',
      active: true,
    });
    expect(summarizeTrigger(set.get('birthday')!)).toMatchObject({
      kind: 'date',
      start: 'attributes.birthday 09:00, 1 day(s) before, yearly',
      limit: '1 per P7D',
    });
    expect(summarizeTrigger(set.get('review_request')!)).toMatchObject({
      kind: 'after',
      start: 'order_delivered',
      send: 'review_request, then review_reminder after P4D',
      delay: 'P3D',
    });
    expect(summarizeTrigger(set.get('replenish')!)).toMatchObject({ start: 'order_placed unless order_placed', active: false });
  });
});
