// Reads the trigger files from disk (Node and Deno only; Workers use the generated
// triggers/bundle.generated.ts, made from the same files by scripts/bundle-templates.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TriggerFile } from '../domain/triggers/parse.ts';

const TRIGGER_FILE = /^(.+)\.ya?ml$/;

/**
 * Every `*.yaml` (and misnamed `*.yml`, which the checker refuses) file directly in `dir`, sorted,
 * with its name, its path for messages (`label/NAME.yaml`, label "triggers" by default) and its
 * text. Other files (README, the bundle) and hidden ones are skipped.
 */
export async function readTriggerFiles(dir: string, label = 'triggers'): Promise<TriggerFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: TriggerFile[] = [];
  for (const entry of entries) {
    const match = TRIGGER_FILE.exec(entry.name);
    if (!match || entry.name.startsWith('.') || !entry.isFile()) continue;
    const path = label === '' ? entry.name : `${label.replace(/\/+$/, '')}/${entry.name}`;
    files.push({ name: match[1]!, path, text: await readFile(join(dir, entry.name), 'utf8') });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
