// Ids name conversations, messages and attachments in URLs, reply tokens and Message-IDs:
// each must carry fresh randomness (≥ 96 bits), not a neighbour's plus one.
import { describe, expect, it } from 'vitest';
import { createIds, cryptoRandomBytes } from '../../src/domain/ids.ts';
import { createReplyToken, verifyReplyToken } from '../../src/domain/outbound/reply-token.ts';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '../../src/domain/outbound/unsubscribe-token.ts';

const SECRET = 'test-secret-key-0123456789-abcdefghijklmnop';

/** The random tail of an id: what is left after prefix, 10 time characters and 4 sequence characters. */
function randomPart(id: string): string {
  return id.slice(id.indexOf('_') + 1 + 14);
}

function differingPositions(a: string, b: string): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

describe('ids', () => {
  it('made in one millisecond (a bulk send) do not continue from each other: every random character is drawn again', () => {
    const ids = createIds(() => 1_700_000_000_000, cryptoRandomBytes);
    const batch = Array.from({ length: 200 }, () => ids.next('msg'));
    for (let i = 1; i < batch.length; i++) {
      // 20 fresh base-32 characters: two ids agree on a position by chance 1 time in 32.
      expect(differingPositions(randomPart(batch[i - 1]!), randomPart(batch[i]!))).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(batch).size).toBe(batch.length);
  });

  it('carry at least 96 random bits (20 base-32 characters from 20 fresh bytes per id)', () => {
    let draws = 0;
    const ids = createIds(
      () => 1_700_000_000_000,
      (n) => {
        draws += n;
        return cryptoRandomBytes(n);
      },
    );
    const id = ids.next('cnv');
    ids.next('cnv');
    expect(id).toMatch(/^cnv_[0-9A-Z]{34}$/);
    expect(randomPart(id)).toHaveLength(20);
    expect(draws).toBe(40);
  });

  it('are the prefix, an underscore and 34 upper-case base-32 characters', () => {
    const ids = createIds(
      () => 1_700_000_000_000,
      (n) => new Uint8Array(n).fill(7),
    );
    expect(ids.next('msg')).toMatch(/^msg_[0-9A-Z]{34}$/);
    expect(ids.next('con').startsWith('con_')).toBe(true);
  });

  it('still sort in the order they were made, within one millisecond and across', () => {
    let now = 1_700_000_000_000;
    const ids = createIds(() => now, cryptoRandomBytes);
    const made: string[] = [];
    for (let i = 0; i < 50; i++) made.push(ids.next('msg'));
    now += 1;
    for (let i = 0; i < 50; i++) made.push(ids.next('msg'));
    now -= 5; // a clock that steps back does not break the order either
    for (let i = 0; i < 50; i++) made.push(ids.next('msg'));
    expect([...made].sort()).toEqual(made);
  });

  it('keep their order when more ids are made in one millisecond than the sequence holds', () => {
    const ids = createIds(
      () => 1_700_000_000_000,
      (n) => new Uint8Array(n),
    );
    let previous = ids.next('x');
    for (let i = 0; i < 32 ** 4 + 10; i++) {
      const next = ids.next('x');
      if (!(previous < next)) throw new Error(`${previous} !< ${next} at ${i}`);
      previous = next;
    }
  });

  it('new, longer ids and old 26-character ids both work in reply and unsubscribe tokens', async () => {
    const fresh = createIds(() => Date.now(), cryptoRandomBytes);
    for (const id of [fresh.next('cnv'), 'cnv_01JD8Z3Q7V4N5M6K7J8H9G0F1E']) {
      expect(await verifyReplyToken(SECRET, await createReplyToken(SECRET, id))).toBe(id);
      const local = `reply+${await createReplyToken(SECRET, id)}`;
      expect(local.length).toBeLessThanOrEqual(64); // RFC 5321 limit of a local part
    }
    for (const id of [fresh.next('con'), 'con_01JD8Z3Q7V4N5M6K7J8H9G0F1E']) {
      expect(await verifyUnsubscribeToken(SECRET, await createUnsubscribeToken(SECRET, { contactId: id, topic: 'news' }))).toEqual({
        contactId: id,
        topic: 'news',
      });
    }
  });
});
