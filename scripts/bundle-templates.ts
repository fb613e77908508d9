// Writes templates/bundle.generated.ts and triggers/bundle.generated.ts: every template and
// trigger file as a string, for Cloudflare Workers, which have no file system. Refuses to write
// either bundle while a template or a trigger file has a problem (triggers are checked against
// the templates).
//
//   npm run templates:bundle        (tsx scripts/bundle-templates.ts)
//
// test/unit/templates-files.test.ts and test/unit/triggers-files.test.ts fail when a bundle no
// longer matches its folder.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildTemplateSet, formatProblems } from '../src/domain/outbound/templates/set.ts';
import { bundleSource } from '../src/domain/outbound/templates/bundle.ts';
import { triggerBundleSource } from '../src/domain/triggers/bundle.ts';
import { checkTriggers, formatTriggerProblems } from '../src/domain/triggers/set.ts';
import { readTemplateFiles } from '../src/mail/template-files.ts';
import { readTriggerFiles } from '../src/mail/trigger-files.ts';

const templatesDir = fileURLToPath(new URL('../templates/', import.meta.url));
const templatesBundle = fileURLToPath(new URL('../templates/bundle.generated.ts', import.meta.url));
const triggersDir = fileURLToPath(new URL('../triggers/', import.meta.url));
const triggersBundle = fileURLToPath(new URL('../triggers/bundle.generated.ts', import.meta.url));

function refuse(report: string, count: number, where: string): void {
  process.stderr.write(`${report}\n${count} problem(s) in ${where}; no bundle written.\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const templateFiles = await readTemplateFiles(templatesDir);
  const { set: templates, problems } = buildTemplateSet(templateFiles);
  if (problems.length > 0) return refuse(formatProblems(problems), problems.length, 'templates/');
  const triggerFiles = await readTriggerFiles(triggersDir);
  const triggerProblems = checkTriggers(triggerFiles, templates.names());
  if (triggerProblems.length > 0) return refuse(formatTriggerProblems(triggerProblems), triggerProblems.length, 'triggers/');
  await writeFile(templatesBundle, bundleSource(templateFiles), 'utf8');
  await writeFile(triggersBundle, triggerBundleSource(triggerFiles), 'utf8');
  process.stdout.write(
    `wrote templates/bundle.generated.ts (${templateFiles.length} files) and triggers/bundle.generated.ts (${triggerFiles.length} files)\n`,
  );
}

await main();
