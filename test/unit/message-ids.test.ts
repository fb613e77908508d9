import { describe, expect, it } from 'vitest';
import { parseMessageIds, stripAngles } from '../../src/domain/inbound/threading/message-ids.ts';

describe('parseMessageIds', () => {
  it('reads bracketed ids in order, across folded lines', () => {
    expect(parseMessageIds('<a@x>\r\n <b@y>\t<c@z>')).toEqual(['a@x', 'b@y', 'c@z']);
  });

  it('ignores comments and text between bracketed ids', () => {
    expect(parseMessageIds("<a@x> (Ana Lind's message of Monday) <b@y>")).toEqual(['a@x', 'b@y']);
  });

  it('tolerates ids without brackets, separated by spaces or commas, keeping only ones with an @', () => {
    expect(parseMessageIds('a@x, b@y  c@z junk')).toEqual(['a@x', 'b@y', 'c@z']);
  });

  it('prefers the bracketed ids when a value mixes both', () => {
    expect(parseMessageIds('bare@x <real@y>')).toEqual(['real@y']);
  });

  it('is empty for an absent or empty header', () => {
    expect(parseMessageIds(null)).toEqual([]);
    expect(parseMessageIds(undefined)).toEqual([]);
    expect(parseMessageIds('')).toEqual([]);
    expect(parseMessageIds('<>')).toEqual([]);
  });
});

describe('stripAngles', () => {
  it('removes one pair of angle brackets and surrounding space', () => {
    expect(stripAngles('  <a@x>  ')).toBe('a@x');
    expect(stripAngles('a@x')).toBe('a@x');
    expect(stripAngles('< a@x >')).toBe('a@x');
  });

  it('is null for nothing', () => {
    expect(stripAngles(null)).toBeNull();
    expect(stripAngles(undefined)).toBeNull();
    expect(stripAngles('')).toBeNull();
    expect(stripAngles(' <> ')).toBeNull();
  });
});
