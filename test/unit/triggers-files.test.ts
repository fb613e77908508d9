// The shipped triggers/: read from disk, what each one means, its templates in every locale, and
// the Worker's bundle staying in step with the files.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplateSync } from '../../src/domain/outbound/templates/render.ts';
import { buildTemplateSet, type TemplateSet } from '../../src/domain/outbound/templates/set.ts';
import { parseDuration } from '../../src/domain/rules/time.ts';
import { TRIGGER_BUNDLE_HEADER, triggerBundleSource } from '../../src/domain/triggers/bundle.ts';
import { buildTriggerSet, formatTriggerProblems, type TriggerSet } from '../../src/domain/triggers/set.ts';
import { readTemplateFiles } from '../../src/mail/template-files.ts';
import { readTriggerFiles } from '../../src/mail/trigger-files.ts';
import { loadTriggersFromDisk } from '../../src/runtime/load-triggers.ts';
import { TRIGGER_FILES } from '../../triggers/bundle.generated.ts';

const TRIGGERS_DIR = fileURLToPath(new URL('../../triggers/', import.meta.url));
const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
const BUNDLE_FILE = join(TRIGGERS_DIR, 'bundle.generated.ts');
const STALE = 'triggers/bundle.generated.ts is stale: run `npm run templates:bundle`';
const d = (text: string) => parseDuration(text)!;

let templates: TemplateSet;
let triggers: TriggerSet;

beforeAll(async () => {
  templates = buildTemplateSet(await readTemplateFiles(TEMPLATES_DIR)).set;
  const built = buildTriggerSet(await readTriggerFiles(TRIGGERS_DIR), templates.names());
  expect(formatTriggerProblems(built.problems)).toBe('');
  triggers = built.set;
});

function category(template: string): string {
  const contact = { email: 'a@example.com', name: 'A', locale: 'en', timezone: null, attributes: {} };
  return renderTemplateSync(templates, template, { contact, data: {}, unsubscribe_url: 'u', preferences_url: 'p' }).category;
}

describe('the shipped triggers', () => {
  it('are exactly these five, all active', () => {
    expect(triggers.all().map((t) => t.name)).toEqual([
      'birthday',
      'order_confirmation',
      'replenishment_reminder',
      'review_request',
      'welcome',
    ]);
    expect(triggers.all().every((t) => t.active)).toBe(true);
  });

  it('send only templates that exist in sv, en, he and zh (first messages and follow-ups)', () => {
    for (const t of triggers.all()) {
      for (const name of [t.send, ...t.followUps.map((f) => f.send)]) {
        expect(templates.locales(name), `${t.name} sends ${name}`).toEqual(['en', 'he', 'sv', 'zh']);
      }
    }
  });

  it('welcome: on signed_up', () => {
    expect(triggers.byEvent('signed_up').map((t) => t.name)).toEqual(['welcome']);
    expect(triggers.get('welcome')).toMatchObject({ send: 'welcome', delay: null, when: null });
  });

  it('order_confirmation: on order_placed, transactional, deduped by event.order_id, no limit', () => {
    expect(triggers.get('order_confirmation')).toMatchObject({
      start: { kind: 'event', event: 'order_placed' },
      send: 'order_confirmation',
      dedupeBy: ['order_id'],
      limit: null,
    });
    expect(category('order_confirmation')).toBe('transactional');
  });

  it('birthday: date attributes.birthday at 09:00 local, yearly', () => {
    expect(triggers.dates().map((t) => t.name)).toEqual(['birthday']);
    expect(triggers.get('birthday')?.start).toEqual({ kind: 'date', attribute: ['birthday'], at: 9 * 60, offsetDays: 0, yearly: true });
  });

  it('review_request: 3 days after order_delivered, one follow-up 4 days later, stopped by a reply or review_submitted', () => {
    const t = triggers.get('review_request')!;
    expect(triggers.afters('order_delivered')).toEqual([t]);
    expect(t.start).toEqual({ kind: 'after', event: 'order_delivered', unless: 'review_submitted' });
    expect(t.delay).toEqual(d('P3D'));
    expect(t.send).toBe('review_request');
    expect(t.followUps).toEqual([{ delay: d('P4D'), send: 'review_reminder' }]);
    expect(t.stopIf).toEqual([{ kind: 'replied' }, { kind: 'event', name: 'review_submitted' }]);
    expect([category('review_request'), category('review_reminder')]).toEqual(['marketing', 'marketing']);
  });

  it('replenishment_reminder: 30 days after order_placed unless another order_placed, marketing', () => {
    const t = triggers.get('replenishment_reminder')!;
    expect(triggers.afters('order_placed')).toEqual([t]);
    expect(t.start).toEqual({ kind: 'after', event: 'order_placed', unless: 'order_placed' });
    expect(t.delay).toEqual(d('P30D'));
    expect(t.window).toEqual({ start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] });
    expect(category('replenishment_reminder')).toBe('marketing');
  });

  it('load from disk the way Node and Deno hosts load them', async () => {
    expect((await loadTriggersFromDisk(templates)).all()).toEqual(triggers.all());
  });
});

describe('triggers/bundle.generated.ts', () => {
  it('holds exactly what readTriggerFiles reads from triggers/', async () => {
    expect(TRIGGER_FILES, STALE).toEqual(await readTriggerFiles(TRIGGERS_DIR));
  });

  it('is byte for byte what the bundle script writes, with its do-not-edit header', async () => {
    const written = await readFile(BUNDLE_FILE, 'utf8');
    expect(written.startsWith(`${TRIGGER_BUNDLE_HEADER}\n`)).toBe(true);
    expect(written).toContain('do not edit');
    expect(written, STALE).toBe(triggerBundleSource(await readTriggerFiles(TRIGGERS_DIR)));
  });

  it('builds the same trigger set without problems (what a Worker loads)', () => {
    const { set, problems } = buildTriggerSet(TRIGGER_FILES, templates.names());
    expect(problems).toEqual([]);
    expect(set.all()).toEqual(triggers.all());
  });
});

describe('readTriggerFiles on a folder of its own', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samtal-triggers-'));
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'b.yaml'), 'on: b\r\nsend: welcome\r\n');
    await writeFile(join(dir, 'a.yml'), 'on: a');
    await writeFile(join(dir, '.hidden.yaml'), 'skipped');
    await writeFile(join(dir, 'nested', 'c.yaml'), 'skipped');
    await writeFile(join(dir, 'README.md'), '# not a trigger');
    await writeFile(join(dir, 'bundle.generated.ts'), 'export {}');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads NAME.yaml (and misnamed .yml, for the checker to refuse) with its text as it is, named by a label', async () => {
    expect(await readTriggerFiles(dir)).toEqual([
      { name: 'a', path: 'triggers/a.yml', text: 'on: a' },
      { name: 'b', path: 'triggers/b.yaml', text: 'on: b\r\nsend: welcome\r\n' },
    ]);
    expect((await readTriggerFiles(dir, 'test/fixtures/x')).map((f) => f.path)).toEqual([
      'test/fixtures/x/a.yml',
      'test/fixtures/x/b.yaml',
    ]);
  });

  it('fails for a folder that does not exist', async () => {
    await expect(readTriggerFiles(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });

  it('makes a host refuse to start on a broken file, naming file and line', async () => {
    await expect(loadTriggersFromDisk(templates, dir)).rejects.toThrow(
      'triggers have problems:\ntriggers/a.yml:1: not a trigger file: expected NAME.yaml',
    );
  });
});
