// The layering rules, read from the source: SQL and drizzle live in src/store only, and
// src/domain is pure (it imports no layer that does I/O).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports (static, re-exported or dynamic), relative ones as repository paths. */
function importsOf(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((s) =>
    s.startsWith('.')
      ? relative(root, resolve(root, dirname(file), s))
          .split('\\')
          .join('/')
      : s,
  );
}

const isDrizzle = (target: string) => target === 'drizzle-orm' || target.startsWith('drizzle-orm/');
const isSchema = (target: string) => target === 'db/schema.ts';

function violations(dirs: string[], forbidden: (target: string) => boolean): string[] {
  return dirs.flatMap((dir) =>
    sourceFiles(dir).flatMap((file) =>
      importsOf(file, readFileSync(join(root, file), 'utf8'))
        .filter(forbidden)
        .map((target) => `${file} imports ${target}`),
    ),
  );
}

describe('layers', () => {
  test('the import reader finds static, type, multi-line and dynamic imports', () => {
    const source = [
      "import { a } from '../../db/schema.ts';",
      "import type { B } from 'drizzle-orm';",
      'import {',
      '  c,',
      "} from '../store/db.ts';",
      "export { d } from './d.ts';",
      "const e = await import('drizzle-orm/sqlite-core');",
    ].join('\n');
    expect(importsOf('src/services/x.ts', source)).toEqual([
      'db/schema.ts',
      'drizzle-orm',
      'src/store/db.ts',
      'src/services/d.ts',
      'drizzle-orm/sqlite-core',
    ]);
  });

  test('only src/store uses db/schema.ts and drizzle-orm', () => {
    const layers = ['src/services', 'src/http', 'src/domain', 'src/mail'];
    expect(violations(layers, (t) => isSchema(t) || isDrizzle(t))).toEqual([]);
  });

  test('src/domain imports no layer that does I/O', () => {
    const io = ['src/store/', 'src/services/', 'src/http/', 'src/mail/', 'src/runtime/'];
    expect(violations(['src/domain'], (t) => io.some((layer) => t.startsWith(layer)) || isSchema(t) || isDrizzle(t))).toEqual([]);
  });
});
