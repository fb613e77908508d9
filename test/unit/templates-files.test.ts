// Reading templates/ from disk, and the generated bundle for Workers staying in step with it.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_HEADER, bundleSource } from '../../src/domain/outbound/templates/bundle.ts';
import { buildTemplateSet } from '../../src/domain/outbound/templates/set.ts';
import { readTemplateFiles } from '../../src/mail/template-files.ts';
import { TEMPLATE_FILES } from '../../templates/bundle.generated.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
const BUNDLE_FILE = join(TEMPLATES_DIR, 'bundle.generated.ts');
const STALE = 'templates/bundle.generated.ts is stale: run `npm run templates:bundle`';

describe('readTemplateFiles on templates/', () => {
  it('reads every .liquid file with its POSIX path and exact source, sorted', async () => {
    const files = await readTemplateFiles(TEMPLATES_DIR);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    for (const name of ['welcome', 'order_confirmation', 'birthday', 'follow_up']) {
      for (const lang of ['sv', 'en', 'he', 'zh']) expect(paths).toContain(`${name}/${lang}.liquid`);
    }
    for (const name of ['welcome', 'order_confirmation']) {
      for (const lang of ['sv', 'en', 'he', 'zh']) expect(paths).toContain(`${name}/${lang}.html.liquid`);
    }
    expect(paths.every((p) => p.endsWith('.liquid') && !p.includes('\\'))).toBe(true);
    expect(paths).not.toContain('bundle.generated.ts');
    const welcome = files.find((f) => f.path === 'welcome/sv.liquid')!;
    expect(welcome.source).toBe(await readFile(join(TEMPLATES_DIR, 'welcome', 'sv.liquid'), 'utf8'));
  });
});

describe('templates/bundle.generated.ts', () => {
  it('holds exactly what readTemplateFiles reads from templates/', async () => {
    const files = await readTemplateFiles(TEMPLATES_DIR);
    expect(TEMPLATE_FILES, STALE).toEqual(files);
  });

  it('is byte for byte what the bundle script writes, with its do-not-edit header', async () => {
    const written = await readFile(BUNDLE_FILE, 'utf8');
    expect(written.startsWith(`${BUNDLE_HEADER}\n`)).toBe(true);
    expect(written).toContain('do not edit');
    expect(written).toContain('npm run templates:bundle');
    expect(written, STALE).toBe(bundleSource(await readTemplateFiles(TEMPLATES_DIR)));
  });

  it('builds a template set without problems (what a Worker loads)', () => {
    const { set, problems } = buildTemplateSet(TEMPLATE_FILES);
    expect(problems).toEqual([]);
    expect(set.names()).toEqual([
      'birthday',
      'follow_up',
      'order_confirmation',
      'replenishment_reminder',
      'review_reminder',
      'review_request',
      'ski_week',
      'welcome',
      'youth_offer',
    ]);
  });
});

describe('readTemplateFiles on a folder of its own', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samtal-templates-'));
    await mkdir(join(dir, 'b_second'), { recursive: true });
    await mkdir(join(dir, 'a_first', 'nested'), { recursive: true });
    await mkdir(join(dir, '.hidden'), { recursive: true });
    await writeFile(join(dir, 'a_first', 'sv.liquid'), '---\nsubject: Hej\ncategory: support\n---\nHej på dig\r\n');
    await writeFile(join(dir, 'a_first', 'sv.html.liquid'), '<p>Hej</p>');
    await writeFile(join(dir, 'a_first', 'nested', 'en.liquid'), 'deep');
    await writeFile(join(dir, 'a_first', 'notes.md'), '# not a template');
    await writeFile(join(dir, 'b_second', 'zh.liquid'), '你好');
    await writeFile(join(dir, '.hidden', 'en.liquid'), 'skipped');
    await writeFile(join(dir, 'bundle.generated.ts'), 'export {}');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks sub-folders, keeps sources as they are, and skips other and hidden files', async () => {
    expect(await readTemplateFiles(dir)).toEqual([
      { path: 'a_first/nested/en.liquid', source: 'deep' },
      { path: 'a_first/sv.html.liquid', source: '<p>Hej</p>' },
      { path: 'a_first/sv.liquid', source: '---\nsubject: Hej\ncategory: support\n---\nHej på dig\r\n' },
      { path: 'b_second/zh.liquid', source: '你好' },
    ]);
  });

  it('fails for a folder that does not exist', async () => {
    await expect(readTemplateFiles(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
