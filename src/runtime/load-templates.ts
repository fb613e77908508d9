// Node and Deno read templates/ from disk at start-up, so edits show after a restart;
// an invalid template stops start-up with file:line, like a bad setting does.
import { buildTemplateSet, formatProblems, type TemplateSet } from '../domain/outbound/templates/set.ts';
import { readTemplateFiles } from '../mail/template-files.ts';

export const TEMPLATES_DIR = decodeURIComponent(new URL('../../templates', import.meta.url).pathname);

export async function loadTemplatesFromDisk(dir = TEMPLATES_DIR): Promise<TemplateSet> {
  const { set, problems } = buildTemplateSet(await readTemplateFiles(dir));
  if (problems.length) throw new Error(`templates have problems:\n${formatProblems(problems)}`);
  return set;
}
