// Reply-text sets: reply-trimming (emails/X.txt in, trimmed/X.txt expected) and reply-peer-suites
// (NNN-x.eml|txt in, NNN-x.expected.txt expected, one folder per upstream suite), scored by the
// corpora README's rule: CRLF/CR to LF, trailing blanks cut per line, 3+ newlines to 2, trim, exact equality.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeReply } from '../../src/services/analyzeReply.ts';
import type { CorpusSet, Miss, SetKind, SetResult } from './types.ts';

export function normalizeReplyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function scoreCases(name: string, cases: { file: string; input: string; expected: string }[]): Promise<SetResult> {
  const misses: Miss[] = [];
  // Every case is a person's reply, so any machine-mail classification is a false positive too.
  const personAsMachine: string[] = [];
  for (const c of cases) {
    const { reply, classification } = await analyzeReply(new Uint8Array(readFileSync(c.input)));
    if (classification !== 'message') personAsMachine.push(c.file);
    const expected = normalizeReplyText(readFileSync(c.expected, 'utf8'));
    const got = normalizeReplyText(reply);
    if (got !== expected) misses.push({ file: c.file, expected, got });
  }
  const right = cases.length - misses.length;
  return { set: name, kind: 'reply-text', cases: cases.length, right, falsePositives: { personAsMachine, machineAsPerson: [] }, misses };
}

const trimmingSet = (corpora: string, folder: string): CorpusSet => ({
  name: folder,
  missing:
    ['emails', 'trimmed']
      .filter((sub) => !existsSync(join(corpora, folder, sub)))
      .map((sub) => `no ${sub}/`)
      .join(', ') || undefined,
  score() {
    const root = join(corpora, folder);
    const cases = readdirSync(join(root, 'emails'))
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((file) => ({ file, input: join(root, 'emails', file), expected: join(root, 'trimmed', file) }));
    return scoreCases(folder, cases);
  },
});

const peerSuites = (corpora: string, folder: string): CorpusSet => ({
  name: folder,
  score() {
    const root = join(corpora, folder);
    const cases = [];
    for (const suite of readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()) {
      for (const file of readdirSync(join(root, suite)).sort()) {
        const match = /^(.+)\.(eml|txt)$/.exec(file);
        if (!match || file.endsWith('.expected.txt')) continue;
        const expected = join(root, suite, `${match[1]}.expected.txt`);
        if (existsSync(expected)) cases.push({ file: `${suite}/${file}`, input: join(root, suite, file), expected });
      }
    }
    return scoreCases(folder, cases);
  },
});

export const replyTextSets: SetKind = {
  kind: 'reply-text',
  folders: ['reply-trimming', 'reply-peer-suites'],
  sets(corpora, folder) {
    return [folder === 'reply-trimming' ? trimmingSet(corpora, folder) : peerSuites(corpora, folder)];
  },
};
