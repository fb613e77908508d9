import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.ts';
import { toBase64Url, utf8 } from '../../src/domain/encoding.ts';
import { AppError } from '../../src/domain/errors.ts';

const ID = 'con_01JC5Y0M7Q1ZK3R8T5V9W2X4YB';

function decodeError(cursor: string): AppError {
  try {
    decodeCursor(cursor);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`cursor ${JSON.stringify(cursor)} was accepted`);
}

describe('cursors', () => {
  it('round-trip position and id', () => {
    for (const position of [0, 1, 1_700_000_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(decodeCursor(encodeCursor(position, ID))).toEqual({ position, id: ID });
    }
  });

  it('round-trip the id of a decision a job recorded (<job id>.sent)', () => {
    for (const id of ['sjb_01JC5Y0M7Q1ZK3R8T5V9W2X4YB.sent', 'sjb_01JC5Y0M7Q1ZK3R8T5V9W2X4YB.scheduled']) {
      expect(decodeCursor(encodeCursor(1_700_000_000_000, id))).toEqual({ position: 1_700_000_000_000, id });
    }
  });

  it('are opaque and URL-safe', () => {
    const cursor = encodeCursor(1_700_000_000_000, ID);
    expect(cursor).not.toContain(ID);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['empty', ''],
    ['not base64', '!!!'],
    ['no id', toBase64Url(utf8('123'))],
    ['a negative position', toBase64Url(utf8(`-1.${ID}`))],
    ['a fractional position', toBase64Url(utf8(`1.5.${ID}`))],
    ['an id without prefix', toBase64Url(utf8('12.01JC5Y0M7Q1ZK3R8T5V9W2X4YB'))],
    ['SQL in the id', toBase64Url(utf8(`12.con_1' OR '1'='1`))],
    ['trailing text', toBase64Url(utf8(`12.${ID}\n`))],
    ['an empty suffix', toBase64Url(utf8(`12.${ID}.`))],
    ['two suffixes', toBase64Url(utf8(`12.${ID}.sent.sent`))],
  ])('refuse a cursor with %s as a ValidationFailed naming the cursor field', (_, cursor) => {
    const error = decodeError(cursor);
    expect(error.name).toBe('ValidationFailed');
    expect(error.issues).toEqual([{ field: 'cursor', message: 'expected the next_cursor of a previous page' }]);
  });
});
