import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_LINE = 140;
const ROOTS = ['src', 'test', 'bench', 'scripts'];
const FILES = ['db/schema.ts'];
// Message catalogs are prose for translators: a message stays on one line however long it is.
const EXCLUDED = ['test/fixtures', 'templates/bundle.generated.ts', 'src/http/inbox/i18n'];

function sourceFiles(dir: string): string[] {
  const rel = relative(ROOT, dir).split('\\').join('/');
  if (EXCLUDED.includes(rel)) return [];
  if (statSync(dir).isFile()) return /\.tsx?$/.test(dir) ? [rel] : [];
  return readdirSync(dir).flatMap((name) => sourceFiles(join(dir, name)));
}

function longLines(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8')
    .split(/\r?\n/)
    .flatMap((line, i) => ([...line].length > MAX_LINE ? [`${file}:${i + 1} (${[...line].length} characters)`] : []));
}

describe('line length', () => {
  const files = [...ROOTS.flatMap((dir) => sourceFiles(join(ROOT, dir))), ...FILES];

  it('finds the source files', () => {
    expect(files).toContain('src/domain/errors.ts');
    expect(files).toContain('db/schema.ts');
    expect(files.some((file) => file.startsWith('test/fixtures/'))).toBe(false);
  });

  it(`keeps every line at ${MAX_LINE} characters or fewer`, () => {
    expect(files.flatMap(longLines)).toEqual([]);
  });
});
