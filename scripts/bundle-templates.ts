// Writes templates/bundle.generated.ts: every template file under templates/ as a string, for
// Cloudflare Workers, which have no file system. Refuses to write a bundle of broken templates.
//
//   npm run templates:bundle        (tsx scripts/bundle-templates.ts)
//
// test/unit/templates-files.test.ts fails when the bundle no longer matches templates/.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkTemplates, formatProblems } from '../src/domain/outbound/templates/set.ts';
import { bundleSource } from '../src/domain/outbound/templates/bundle.ts';
import { readTemplateFiles } from '../src/mail/template-files.ts';

const templatesDir = fileURLToPath(new URL('../templates/', import.meta.url));
const bundlePath = fileURLToPath(new URL('../templates/bundle.generated.ts', import.meta.url));

async function main(): Promise<void> {
  const files = await readTemplateFiles(templatesDir);
  const problems = checkTemplates(files);
  if (problems.length > 0) {
    process.stderr.write(`${formatProblems(problems)}\n${problems.length} problem(s) in templates/; bundle not written.\n`);
    process.exitCode = 1;
    return;
  }
  await writeFile(bundlePath, bundleSource(files), 'utf8');
  process.stdout.write(`wrote templates/bundle.generated.ts (${files.length} files)\n`);
}

await main();
