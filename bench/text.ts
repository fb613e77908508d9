// Text analysis on its own: reply extraction of a typical reply, and the inputs that would make
// a backtracking pattern blow up (reply headers, subject prefixes). These were timed assertions
// in the unit tests; here a slow run is reported as a MISS instead of failing `npm test`.
import { readFileSync } from 'node:fs';
import { extractReplyFromText } from '../src/domain/inbound/reply-text/index.ts';
import { normalizeSubject } from '../src/domain/inbound/threading/subject.ts';
import { measure, now, round, type Summary } from './stats.ts';

export interface TextResult {
  typical_reply_chars: number;
  typical_reply: Summary;
  /** The slowest single extraction among the hostile reply texts. */
  hostile_reply_max_ms: number;
  /** All hostile subjects normalized once, in total. */
  hostile_subjects_ms: number;
}

const THREAD = new URL('../test/fixtures/corpora/reply-trimming/emails/embedded_email_dutch_2.txt', import.meta.url);

function typicalReply(): string {
  const thread = readFileSync(THREAD, 'utf8');
  let text =
    'Hi,\n\nthanks for the quick answer, that works for us.\n\nBest regards\nAnna\n\n' +
    'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n';
  while (text.length < 10_000) text += thread.replace(/^/gm, '> ');
  return text;
}

const HOSTILE_REPLIES = [
  'On '.padEnd(100_000, 'x wrote on 2017 a b '),
  Array.from({ length: 3000 }, (_, i) => `On line ${i} someone said`).join('\n'),
  Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'From: someone' : 'text line')).join('\n'),
  Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'On Mon, Jun 5, 2017, X wrote:' : 'text line')).join('\n'),
  Array.from({ length: 3000 }, () => '2017 1234 5678 <foo bar baz @ x').join('\n'),
  Array.from({ length: 3000 }, () => 'Den 5 2017 skrev skrev skrev och sedan').join('\n'),
  `${'a'.repeat(50_000)}@${'b'.repeat(50_000)} wrote`,
];

const HOSTILE_SUBJECTS = [
  'Re' + ' '.repeat(100_000) + 'x',
  '[x] '.repeat(20_000) + 'y',
  'Re: '.repeat(10_000) + 'z',
  '[' + 'a'.repeat(100_000),
];

export async function runText(options: { iterations: number; warmup: number }): Promise<TextResult> {
  const typical = typicalReply();
  const typicalSummary = await measure(options.iterations, options.warmup, () => extractReplyFromText(typical));
  let hostileMax = 0;
  for (const input of HOSTILE_REPLIES) {
    const start = now();
    extractReplyFromText(input);
    hostileMax = Math.max(hostileMax, now() - start);
  }
  const subjectsStart = now();
  for (const subject of HOSTILE_SUBJECTS) normalizeSubject(subject);
  return {
    typical_reply_chars: typical.length,
    typical_reply: typicalSummary,
    hostile_reply_max_ms: round(hostileMax),
    hostile_subjects_ms: round(now() - subjectsStart),
  };
}
