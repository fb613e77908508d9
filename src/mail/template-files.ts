// Reads the message templates from disk (Node and Deno only; Workers use the generated
// templates/bundle.generated.ts, made from the same files by scripts/bundle-templates.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateFile } from '../domain/outbound/templates/set.ts';

/**
 * Every `*.liquid` file under `dir`, at any depth, with its path relative to `dir` in POSIX
 * form ("welcome/sv.liquid") and its source, sorted by path. Other files (README, the bundle)
 * and hidden entries are skipped; whether the layout is right is the checker's job.
 */
export async function readTemplateFiles(dir: string): Promise<TemplateFile[]> {
  const files: TemplateFile[] = [];
  async function walk(relative: string[]): Promise<void> {
    const entries = await readdir(join(dir, ...relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const parts = [...relative, entry.name];
      if (entry.isDirectory()) await walk(parts);
      else if (entry.isFile() && entry.name.endsWith('.liquid')) {
        files.push({ path: parts.join('/'), source: await readFile(join(dir, ...parts), 'utf8') });
      }
    }
  }
  await walk([]);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
