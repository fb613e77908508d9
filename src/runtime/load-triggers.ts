// Node and Deno read triggers/ from disk at start-up, checked against the loaded templates;
// a broken trigger file stops start-up with file:line, like a broken template does.
import type { TemplateSet } from '../domain/outbound/templates/set.ts';
import { triggerSetOrThrow, type TriggerSet } from '../domain/triggers/set.ts';
import { readTriggerFiles } from '../mail/trigger-files.ts';

export const TRIGGERS_DIR = decodeURIComponent(new URL('../../triggers', import.meta.url).pathname);

export async function loadTriggersFromDisk(templates: TemplateSet, dir = TRIGGERS_DIR): Promise<TriggerSet> {
  return triggerSetOrThrow(await readTriggerFiles(dir), templates.names());
}
