// Trigger files (triggers/NAME.yaml): every kind parsed into a TriggerDefinition, and every problem
// reported with its line and what was expected.
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/domain/rules/time.ts';
import type { TriggerDefinition } from '../../src/domain/triggers/definition.ts';
import { DEFAULT_LIMIT, parseTriggerFile } from '../../src/domain/triggers/parse.ts';

const KNOWN = new Set(['welcome', 'review_request', 'review_reminder', 'birthday']);

function parse(lines: string[], options: { name?: string; templates?: ReadonlySet<string> | null } = {}) {
  const templates = options.templates === null ? undefined : (options.templates ?? KNOWN);
  return parseTriggerFile({ name: options.name ?? 't', path: 'triggers/t.yaml', text: lines.join('\n') }, templates);
}

function ok(...lines: string[]): TriggerDefinition {
  const result = parse(lines);
  if ('problems' in result) throw new Error(result.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return result.definition;
}

/** The problems as "LINE: message". */
function problems(...lines: string[]): string[] {
  const result = parse(lines);
  if ('definition' in result) throw new Error('expected problems, got a definition');
  for (const p of result.problems) expect(p.file).toBe('triggers/t.yaml');
  return result.problems.map((p) => `${p.line}: ${p.message}`);
}

const d = (text: string) => parseDuration(text)!;

describe('event triggers (on:)', () => {
  it('reads the minimal form with every default', () => {
    expect(ok('on: signed_up', 'send: welcome')).toEqual({
      name: 't',
      description: null,
      start: { kind: 'event', event: 'signed_up' },
      when: null,
      send: 'welcome',
      delay: null,
      dedupeBy: null,
      limit: DEFAULT_LIMIT,
      window: null,
      followUps: [],
      stopIf: [],
      active: true,
    });
    expect(DEFAULT_LIMIT).toEqual({ count: 1, within: d('P7D') });
  });

  it('reads every key', () => {
    const t = ok(
      'description: "  Thanks for the order  "',
      'on: order_placed',
      'when:',
      '  all:',
      '    - event.total >= 500',
      '    - {attributes.tags contains "vip"}',
      'send: welcome',
      'delay: PT2H',
      'dedupe_by: event.order_id',
      'limit: {count: 2, within: P30D}',
      'window: "09:00-18:00"',
      'days: [fri, mon, wed]',
      'follow_ups:',
      '  - delay: P4D',
      '    send: review_reminder',
      '  - {delay: P1W, send: birthday}',
      'stop_if: [replied, unsubscribed, agent_replied, {event: review_submitted}]',
      'active: false',
    );
    expect(t.description).toBe('Thanks for the order');
    expect(t.when).toMatchObject({
      kind: 'all',
      rules: [
        { kind: 'condition', op: 'ge' },
        { kind: 'condition', op: 'contains' },
      ],
    });
    expect(t.delay).toEqual(d('PT2H'));
    expect(t.dedupeBy).toEqual(['order_id']);
    expect(t.limit).toEqual({ count: 2, within: d('P30D') });
    expect(t.window).toEqual({ start: 540, end: 1080, days: [1, 3, 5] });
    expect(t.followUps).toEqual([
      { delay: d('P4D'), send: 'review_reminder' },
      { delay: d('P1W'), send: 'birthday' },
    ]);
    expect(t.stopIf).toEqual([
      { kind: 'replied' },
      { kind: 'unsubscribed' },
      { kind: 'agent_replied' },
      { kind: 'event', name: 'review_submitted' },
    ]);
    expect(t.active).toBe(false);
  });

  it('takes limit: none, a limit with only within, weekdays and every_day, and nested dedupe paths', () => {
    expect(ok('on: a', 'send: welcome', 'limit: none').limit).toBeNull();
    expect(ok('on: a', 'send: welcome', 'limit: {within: P1M}').limit).toEqual({ count: 1, within: d('P1M') });
    expect(ok('on: a', 'send: welcome', 'window: 08:30-17:00', 'days: weekdays').window).toEqual({
      start: 510,
      end: 1020,
      days: [1, 2, 3, 4, 5],
    });
    expect(ok('on: a', 'send: welcome', 'window: "00:00 - 23:59"', 'days: every_day').window).toEqual({
      start: 0,
      end: 1439,
      days: [1, 2, 3, 4, 5, 6, 7],
    });
    expect(ok('on: a', 'send: welcome', 'window: "09:00-18:00"').window?.days).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ok('on: a', 'send: welcome', 'dedupe_by: event.order.id').dedupeBy).toEqual(['order', 'id']);
  });

  it('accepts any template name when no templates are given', () => {
    const result = parse(['on: a', 'send: not_there'], { templates: null });
    expect('definition' in result && result.definition.send).toBe('not_there');
  });
});

describe('date triggers (date:)', () => {
  it('reads attribute, time and defaults (same day, yearly)', () => {
    expect(ok('date: attributes.birthday', 'at: "09:00"', 'send: birthday').start).toEqual({
      kind: 'date',
      attribute: ['birthday'],
      at: 540,
      offsetDays: 0,
      yearly: true,
    });
  });

  it('reads days_before as a negative offset, days_after as a positive one, yearly: false and quoted names', () => {
    expect(ok('date: attributes.renewal', 'at: 07:15', 'days_before: 14', 'send: welcome').start).toMatchObject({
      at: 435,
      offsetDays: -14,
    });
    expect(ok('date: attributes.signup.first', 'at: "23:59"', 'days_after: 3', 'yearly: false', 'send: welcome').start).toEqual({
      kind: 'date',
      attribute: ['signup', 'first'],
      at: 1439,
      offsetDays: 3,
      yearly: false,
    });
    expect(ok('date: \'attributes."date of birth"\'', 'at: "09:00"', 'send: birthday').start).toMatchObject({
      attribute: ['date of birth'],
    });
  });

  it('takes a when rule over the contact', () => {
    expect(ok('date: attributes.birthday', 'at: "09:00"', 'when: attributes.vip = true', 'send: birthday').when).toMatchObject({
      kind: 'condition',
      path: { source: 'attributes', keys: ['vip'] },
    });
  });
});

describe('after triggers (after:)', () => {
  it('reads event, delay and unless (which may be the same event)', () => {
    const t = ok('after: order_placed', 'delay: P30D', 'unless: order_placed', 'send: welcome');
    expect(t.start).toEqual({ kind: 'after', event: 'order_placed', unless: 'order_placed' });
    expect(t.delay).toEqual(d('P30D'));
  });

  it('has no unless when none is given, and may dedupe by the event', () => {
    const t = ok('after: order_delivered', 'delay: P3D', 'dedupe_by: event.order_id', 'send: review_request');
    expect(t.start).toEqual({ kind: 'after', event: 'order_delivered', unless: null });
    expect(t.dedupeBy).toEqual(['order_id']);
  });
});

describe('problems, each with its line and what was expected', () => {
  it('YAML syntax, empty files, a list instead of keys, duplicate keys', () => {
    expect(problems('on: a', 'send: [welcome')).toEqual([expect.stringMatching(/^2: YAML: .*\]/)]);
    expect(problems('')).toEqual(['1: the file is empty: expected on:, date: or after: (what starts the trigger) and send: TEMPLATE']);
    expect(problems('# only a comment')).toHaveLength(1);
    expect(problems('- on: a')).toEqual(['1: expected "key: value" lines (on, date or after, send, …), found a list']);
    expect(problems('on: a', 'send: welcome', 'send: birthday')).toEqual([expect.stringMatching(/^3: YAML: Map keys must be unique/)]);
  });

  it('unknown and non-text keys', () => {
    expect(problems('on: a', 'send: welcome', 'sned: welcome')).toEqual([
      '3: unknown key "sned"; expected one of description, on, date, after, when, send, delay, dedupe_by, at, days_before, days_after, ' +
        'yearly, unless, limit, window, days, follow_ups, stop_if, active',
    ]);
    expect(problems('on: a', '[x, y]: 1', 'send: welcome')).toEqual(['2: expected a key such as send, found a list']);
  });

  it('exactly one of on, date, after', () => {
    expect(problems('send: welcome')).toEqual([
      '1: expected exactly one of on: EVENT, date: attributes.NAME or after: EVENT (what starts the trigger)',
    ]);
    expect(problems('on: a', 'send: welcome', 'after: b', 'delay: P1D')).toEqual([
      '3: expected exactly one of on, date, after (what starts the trigger), found on, after',
    ]);
  });

  it('event names', () => {
    const expected = 'expected an event name of 1 to 64 characters a-z, 0-9, _ . - (like order_placed)';
    expect(problems('on: OrderPlaced', 'send: welcome')).toEqual([`1: on: ${expected}, found "OrderPlaced"`]);
    expect(problems('send: welcome', 'on: [a, b]')).toEqual([`2: on: ${expected}, found a list`]);
    expect(problems('after: a', 'delay: P1D', 'unless: 12', 'send: welcome')).toEqual([`3: unless: ${expected}, found 12`]);
    expect(problems('on:', 'send: welcome')).toEqual([`1: on: ${expected}, found nothing`]);
  });

  it('send: missing, not a name, or not a template', () => {
    expect(problems('on: a')).toEqual(['1: send: TEMPLATE is required (the template of the first message)']);
    expect(problems('on: a', 'send: 7')).toEqual(['2: send: expected a template name (a folder of templates/, like welcome), found 7']);
    expect(problems('on: a', 'send: Welcome Mail')).toEqual([
      '2: send: expected a template name (a folder of templates/, like welcome), found "Welcome Mail"',
    ]);
    expect(problems('on: a', 'send: welcom')).toEqual([
      '2: send: no template "welcom" in templates/ (known: birthday, review_reminder, review_request, welcome)',
    ]);
  });

  it('delays', () => {
    const help = 'expected an ISO 8601 duration like P3D, PT12H or P1M (whole numbers)';
    expect(problems('on: a', 'send: welcome', 'delay: 3 days')).toEqual([`3: delay: ${help}, found "3 days"`]);
    expect(problems('on: a', 'send: welcome', 'delay: P1.5D')).toEqual([`3: delay: ${help}, found "P1.5D"`]);
    expect(problems('after: a', 'send: welcome')).toEqual([
      '1: an after trigger needs delay: how long to wait for the event that cancels it (e.g. delay: P3D)',
    ]);
    expect(problems('after: a', 'send: welcome', 'delay: P0D')).toEqual(['3: delay: expected a duration longer than zero like P3D']);
    expect(ok('on: a', 'send: welcome', 'delay: P0D').delay).toEqual(d('P0D'));
  });

  it('keys that belong to another kind', () => {
    expect(problems('on: a', 'send: welcome', 'at: "09:00"', 'unless: b', 'yearly: true')).toEqual([
      '3: at: only a date trigger (date: attributes.NAME) has a time of day',
      '4: unless: only an after trigger (after: EVENT, delay: P3D) is cancelled by an event',
      '5: yearly: only a date trigger (date: attributes.NAME) repeats yearly',
    ]);
    expect(problems('after: a', 'delay: P1D', 'send: welcome', 'days_before: 1', 'days_after: 2')).toEqual([
      '4: days_before: only a date trigger (date: attributes.NAME) is sent days before',
      '5: days_after: only a date trigger (date: attributes.NAME) is sent days after',
    ]);
    expect(problems('date: attributes.b', 'at: "09:00"', 'send: birthday', 'delay: P1D', 'dedupe_by: event.id')).toEqual([
      '4: delay: a date trigger is timed by at and days_before / days_after, not by delay',
      '5: dedupe_by: a date trigger has no event to dedupe by',
    ]);
  });

  it('dedupe_by must name a property of the event', () => {
    const message = 'dedupe_by: expected a property of the event like event.order_id, found';
    expect(problems('on: a', 'send: welcome', 'dedupe_by: attributes.order_id')).toEqual([`3: ${message} "attributes.order_id"`]);
    expect(problems('on: a', 'send: welcome', 'dedupe_by: event.')).toEqual([`3: ${message} "event."`]);
    expect(problems('on: a', 'send: welcome', 'dedupe_by: [event.a]')).toEqual([`3: ${message} a list`]);
  });

  it('date, at, days_before / days_after and yearly', () => {
    expect(problems('date: contact.email', 'at: "09:00"', 'send: birthday')).toEqual([
      '1: date: expected a date attribute like attributes.birthday, found "contact.email"',
    ]);
    expect(problems('date: birthday', 'at: "09:00"', 'send: birthday')).toEqual([
      '1: date: expected a date attribute like attributes.birthday, found "birthday"',
    ]);
    expect(problems('date: attributes.birthday', 'send: birthday')).toEqual([
      '1: a date trigger needs at: "HH:MM", the local time it is sent at (e.g. at: "09:00")',
    ]);
    const at = 'at: expected a local time "HH:MM" from "00:00" to "23:59" like "09:00", found';
    expect(problems('date: attributes.b', 'at: 9am', 'send: birthday')).toEqual([`2: ${at} "9am"`]);
    expect(problems('date: attributes.b', 'at: "24:00"', 'send: birthday')).toEqual([`2: ${at} "24:00"`]);
    expect(problems('date: attributes.b', 'at: 900', 'send: birthday')).toEqual([`2: ${at} 900`]);
    expect(problems('date: attributes.b', 'at: "9:00"', 'send: birthday')).toEqual([`2: ${at} "9:00"`]);
    expect(problems('date: attributes.b', 'at: "09:00"', 'days_before: 1', 'days_after: 2', 'send: birthday')).toEqual([
      '4: days_after: give days_before or days_after, not both',
    ]);
    const days = 'expected a whole number of days from 0 to 366, found';
    expect(problems('date: attributes.b', 'at: "09:00"', 'days_before: -1', 'send: birthday')).toEqual([`3: days_before: ${days} -1`]);
    expect(problems('date: attributes.b', 'at: "09:00"', 'days_after: 1.5', 'send: birthday')).toEqual([`3: days_after: ${days} 1.5`]);
    expect(problems('date: attributes.b', 'at: "09:00"', 'days_after: "2"', 'send: birthday')).toEqual([`3: days_after: ${days} "2"`]);
    expect(problems('date: attributes.b', 'at: "09:00"', 'days_after: 400', 'send: birthday')).toEqual([`3: days_after: ${days} 400`]);
    expect(problems('date: attributes.b', 'at: "09:00"', 'yearly: yes', 'send: birthday')).toEqual([
      '3: yearly: expected true or false, found "yes"',
    ]);
  });

  it('when: each issue of the rule at the line of its part of the YAML', () => {
    expect(
      problems(
        'on: a',
        'send: welcome',
        'when:',
        '  all:',
        '    - attributes.city = "Göteborg"',
        '    - event: opened',
        '      within: 3 days',
        '    - not:',
        '        attributes.age <> 3',
      ),
    ).toEqual([
      '7: when.all[1].within: expected an ISO 8601 duration like P30D, P1M or PT12H (whole numbers)',
      '9: when.all[2].not: expected an operator after "attributes.age", found "<>" (write !=)',
    ]);
    expect(problems('on: a', 'send: welcome', 'when: {bogus: 1}')).toEqual([
      '3: when: expected one of the keys all, any, not, event, last_message, replied, consent, topic, found "bogus"',
    ]);
    expect(problems('on: a', 'send: welcome', 'when:')).toEqual([
      '3: when: expected a rule (see src/domain/rules/README.md), found nothing',
    ]);
  });

  it('when: event.* only where an event starts the trigger', () => {
    expect(problems('date: attributes.b', 'at: "09:00"', 'send: birthday', 'when: event.total > 5')).toEqual([
      '4: when: "event.total": event.* paths are only allowed where an event triggers the rule',
    ]);
    expect(ok('after: a', 'delay: P1D', 'send: welcome', 'when: event.total > 5').when).toMatchObject({ path: { source: 'event' } });
  });

  it('limit', () => {
    const help = 'expected {count: 1, within: P7D} or none';
    expect(problems('on: a', 'send: welcome', 'limit: never')).toEqual([`3: limit: ${help}, found "never"`]);
    expect(problems('on: a', 'send: welcome', 'limit: {count: 1}')).toEqual([`3: limit.within is required: ${help}`]);
    expect(problems('on: a', 'send: welcome', 'limit:', '  count: 0', '  within: P1D')).toEqual([
      '4: limit.count: expected a whole number from 1 to 1000, found 0',
    ]);
    expect(problems('on: a', 'send: welcome', 'limit:', '  within: 7d', '  per: contact')).toEqual([
      '4: limit.within: expected an ISO 8601 duration like P3D, PT12H or P1M (whole numbers), found "7d"',
      `5: limit: unknown key "per"; ${help}`,
    ]);
    expect(problems('on: a', 'send: welcome', 'limit: {within: PT0S}')).toEqual([
      '3: limit.within: expected a duration longer than zero like P3D',
    ]);
  });

  it('window and days', () => {
    const help = 'window: expected a local time range "HH:MM-HH:MM" like "09:00-18:00", start before end, found';
    expect(problems('on: a', 'send: welcome', 'window: 9-18')).toEqual([`3: ${help} "9-18"`]);
    expect(problems('on: a', 'send: welcome', 'window: "18:00-09:00"')).toEqual([`3: ${help} "18:00-09:00"`]);
    expect(problems('on: a', 'send: welcome', 'window: "09:00-25:00"')).toEqual([`3: ${help} "09:00-25:00"`]);
    expect(problems('on: a', 'send: welcome', 'days: weekdays')).toEqual([
      '3: days: only together with window: "09:00-18:00" (the hours on those days)',
    ]);
    const days = 'days: expected weekdays, every_day or a list of mon, tue, wed, thu, fri, sat, sun, found';
    expect(problems('on: a', 'send: welcome', 'window: "09:00-18:00"', 'days: weekends')).toEqual([`4: ${days} "weekends"`]);
    expect(problems('on: a', 'send: welcome', 'window: "09:00-18:00"', 'days: []')).toEqual([`4: ${days} a list`]);
    expect(problems('on: a', 'send: welcome', 'window: "09:00-18:00"', 'days:', '  - mon', '  - monday', '  - mon')).toEqual([
      `6: ${days} "monday"`,
      '7: days: each day once, found "mon"',
    ]);
  });

  it('follow_ups', () => {
    const help = 'expected a list of {delay: P4D, send: TEMPLATE}';
    expect(problems('on: a', 'send: welcome', 'follow_ups: {delay: P1D, send: welcome}')).toEqual([`3: follow_ups: ${help}, found a map`]);
    expect(problems('on: a', 'send: welcome', 'follow_ups:', '  - welcome')).toEqual([`4: follow_ups[0]: ${help}, found "welcome"`]);
    expect(problems('on: a', 'send: welcome', 'follow_ups:', '  - send: welcome', '  - delay: P1D')).toEqual([
      '4: follow_ups[0].delay is required (the time after the previous message, e.g. P4D)',
      '5: follow_ups[1].send is required (the template of this message)',
    ]);
    expect(problems('on: a', 'send: welcome', 'follow_ups:', '  - delay: P0D', '    send: nope', '    if: replied')).toEqual([
      '4: follow_ups[0].delay: expected a duration longer than zero like P3D',
      '5: follow_ups[0].send: no template "nope" in templates/ (known: birthday, review_reminder, review_request, welcome)',
      `6: follow_ups[0]: unknown key "if"; ${help}`,
    ]);
    const step = '  - {delay: P1D, send: welcome}';
    expect(problems('on: a', 'send: welcome', 'follow_ups:', step, step, step, step)).toEqual([
      '7: follow_ups: at most 3 steps (more is a barrage)',
    ]);
  });

  it('stop_if', () => {
    const help = 'expected a list of replied, unsubscribed, agent_replied or {event: NAME}';
    expect(problems('on: a', 'send: welcome', 'stop_if: replied')).toEqual([`3: stop_if: ${help}, found "replied"`]);
    expect(problems('on: a', 'send: welcome', 'stop_if:', '  - answered', '  - {event: x, within: P1D}')).toEqual([
      `4: stop_if: ${help}, found "answered"`,
      `5: stop_if: ${help}, found a map`,
    ]);
    expect(problems('on: a', 'send: welcome', 'stop_if: [replied, {event: Bought}]')).toEqual([
      '3: stop_if.event: expected an event name of 1 to 64 characters a-z, 0-9, _ . - (like order_placed), found "Bought"',
    ]);
    expect(problems('on: a', 'send: welcome', 'stop_if:', '  - {event: x}', '  - replied', '  - event: x')).toEqual([
      '6: stop_if: {event: x} is listed twice',
    ]);
  });

  it('active and description', () => {
    expect(problems('on: a', 'send: welcome', 'active: "no"')).toEqual(['3: active: expected true or false, found "no"']);
    expect(problems('on: a', 'send: welcome', 'description: 12')).toEqual(['3: description: expected text, found 12']);
    expect(problems('on: a', 'send: welcome', 'description: " "')).toEqual(['3: description: expected text, found " "']);
  });

  it('the trigger name comes from the file name', () => {
    const result = parse(['on: a', 'send: welcome'], { name: 'Review Request' });
    expect('problems' in result && result.problems).toEqual([
      {
        file: 'triggers/t.yaml',
        line: 1,
        message:
          'trigger name "Review Request" (the file name) must be lower-case letters, digits, _ or -, starting with a letter or digit',
      },
    ]);
  });

  it('collects every problem of a file, in line order', () => {
    expect(
      problems(
        'send: nope',
        'on: a',
        'delay: soon',
        'limit: {count: -1, within: P1D}',
        'window: "x"',
        'stop_if: [never]',
        'active: 1',
        'bogus: 1',
      ),
    ).toHaveLength(7);
    const lines = problems('active: 1', 'send: nope', 'on: A').map((p) => Number(p.split(':')[0]));
    expect(lines).toEqual([1, 2, 3]);
  });
});
