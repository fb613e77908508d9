// Regression gate for reply extraction on the two copied corpora (test/fixtures/corpora, see
// THIRD_PARTY_NOTICES.md): reply-trimming (discourse/email_reply_trimmer, 64 bodies) and
// reply-peer-suites (201 cases from seven other reply parsers' own test suites).
// Cases are fed the way the `reply-text` CLI feeds them (analyzeReply: a .eml is parsed with
// postal-mime and extractReply gets its text and HTML parts; a .txt is a plain body).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractReplyFromText } from '../../src/domain/inbound/reply-text/index.ts';
import { analyzeReply } from '../../src/services/analyzeReply.ts';

const CORPORA = fileURLToPath(new URL('../fixtures/corpora/', import.meta.url));
const TRIMMING = `${CORPORA}reply-trimming/`;
const PEER_SUITES = `${CORPORA}reply-peer-suites/`;

/** The corpora's comparison rule: CRLF/CR to LF, no trailing blanks, at most one empty line in a row, trimmed. */
const comparable = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

interface Score {
  cases: number;
  misses: string[];
}

const report = (label: string, { cases, misses }: Score): void => {
  const list = misses.length > 0 ? `\n  misses:\n    ${misses.join('\n    ')}` : '';
  console.log(`${label}: ${cases - misses.length}/${cases} exact${list}`);
};

async function scorePeerSuites(): Promise<Score> {
  const misses: string[] = [];
  let cases = 0;
  const suites = readdirSync(PEER_SUITES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  for (const suite of suites.sort()) {
    const inputs = readdirSync(`${PEER_SUITES}${suite}`).filter((f) => /^\d{3}-.+\.(?:eml|txt)$/.test(f) && !f.endsWith('.expected.txt'));
    for (const input of inputs.sort()) {
      const base = input.replace(/\.(?:eml|txt)$/, '');
      const expected = readFileSync(`${PEER_SUITES}${suite}/${base}.expected.txt`, 'utf8');
      const { reply } = await analyzeReply(new Uint8Array(readFileSync(`${PEER_SUITES}${suite}/${input}`)));
      cases++;
      if (comparable(reply) !== comparable(expected)) misses.push(`${suite}/${input}`);
    }
  }
  return { cases, misses };
}

function scoreTrimming(): Score {
  const names = readdirSync(`${TRIMMING}emails`).filter((f) => f.endsWith('.txt'));
  const misses = names.filter((name) => {
    const { reply } = extractReplyFromText(readFileSync(`${TRIMMING}emails/${name}`, 'utf8'));
    return comparable(reply) !== comparable(readFileSync(`${TRIMMING}trimmed/${name}`, 'utf8'));
  });
  return { cases: names.length, misses };
}

describe('reply extraction on the copied corpora', () => {
  it('reply-trimming: all 64 bodies give exactly the expected new text', () => {
    const score = scoreTrimming();
    report('reply-trimming', score);
    expect(score.cases).toBe(64);
    expect(score.misses).toEqual([]);
  });

  it('reply-peer-suites: at least 185 of the 201 cases give exactly the expected new text', async () => {
    const score = await scorePeerSuites();
    report('reply-peer-suites', score);
    expect(score.cases).toBe(201);
    expect(score.cases - score.misses.length).toBeGreaterThanOrEqual(185);
  });
});
