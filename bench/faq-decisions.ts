// npx tsx bench/faq-decisions.ts [--out FILE]
//
// A fingerprint of the FAQ matcher's decisions, to show that a speed change leaves them as they were: every message
// of the FAQ sets in test/fixtures/corpora (faq-dev, faq-banking77) against its own FAQ, and faq-dev's messages
// against the bench's 500-entry FAQ (bench/faq-entries.ts). Per message the decision, the entry, the reason and
// the top candidates with their confidences (to 12 digits); one SHA-256 over all of it. --out writes the lines
// (diff two of them to see what moved).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FaqEntry } from '../src/domain/faq/entry.ts';
import { matchFaq, type FaqMessage } from '../src/domain/faq/match.ts';
import { readFaqFile } from '../src/services/faqMatchFiles.ts';
import { readFaqMessage } from '../src/services/readFaqMessage.ts';
import { readFaqCases } from '../scripts/eval/faq-metrics.ts';
import { benchFaqEntries, FAQ_DEV_DIR } from './faq-entries.ts';
import { DEFAULT_SEED } from './random.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const CORPORA = join(import.meta.dirname, '../test/fixtures/corpora');

async function messagesOf(dir: string): Promise<{ file: string; message: FaqMessage }[]> {
  const out = [];
  for (const c of readFaqCases(dir))
    out.push({ file: c.file, message: await readFaqMessage(new Uint8Array(readFileSync(join(dir, c.file)))) });
  return out;
}

function entriesOf(dir: string): FaqEntry[] {
  const faq = readFaqFile(join(dir, 'faqs.yaml'));
  if ('error' in faq) throw new Error(faq.error);
  return faq.entries;
}

const runs: { name: string; dir: string; entries: FaqEntry[] }[] = [
  { name: 'faq-dev', dir: FAQ_DEV_DIR, entries: entriesOf(FAQ_DEV_DIR) },
  { name: 'faq-banking77', dir: join(CORPORA, 'faq-banking77'), entries: entriesOf(join(CORPORA, 'faq-banking77')) },
  { name: 'faq-dev × bench 500', dir: FAQ_DEV_DIR, entries: benchFaqEntries(500, DEFAULT_SEED) },
];
const lines: string[] = [];
for (const run of runs) {
  for (const { file, message } of await messagesOf(run.dir)) {
    const d = await matchFaq(message, run.entries);
    const candidates = d.candidates.map((c) => `${c.faqId}=${c.confidence.toFixed(12)}`).join(' ');
    lines.push([run.name, file, d.decision, d.faqId ?? '-', d.confidence.toFixed(12), d.locale ?? '-', d.reason, candidates].join('\t'));
  }
}
const hash = createHash('sha256').update(lines.join('\n')).digest('hex');
if (values.out) writeFileSync(values.out, `${lines.join('\n')}\n`);
console.log(`${lines.length} decisions, sha256 ${hash}`);
