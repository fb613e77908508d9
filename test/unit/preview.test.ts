import { describe, expect, it } from 'vitest';
import { previewLine } from '../../src/domain/inbox/preview.ts';

describe('previewLine', () => {
  it('is the first non-empty line, trimmed', () => {
    expect(previewLine('\n\n   Hej Anna,  \nresten av brevet')).toBe('Hej Anna,');
  });

  it('skips quoted lines', () => {
    expect(previewLine('> On Monday you wrote:\n>> older\n  > indented quote\nThanks, that works.')).toBe('Thanks, that works.');
  });

  it('is empty for no text, only quotes or only blank lines', () => {
    expect(previewLine(null)).toBe('');
    expect(previewLine(undefined)).toBe('');
    expect(previewLine('')).toBe('');
    expect(previewLine('> quoted\n\n>')).toBe('');
    expect(previewLine(' \n\t\n')).toBe('');
  });

  it('keeps a line of exactly the maximum length whole', () => {
    expect(previewLine('x'.repeat(140))).toBe('x'.repeat(140));
  });

  it('shortens a longer line to the maximum, ending in an ellipsis without a space before it', () => {
    const line = `${'word '.repeat(40)}end`;
    const preview = previewLine(line, 20);
    expect(preview.length).toBeLessThanOrEqual(20);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview).not.toMatch(/\s…$/);
    expect(line.startsWith(preview.slice(0, -1))).toBe(true);
  });

  it('keeps right-to-left and CJK text as it is', () => {
    expect(previewLine('שלום, תודה על התשובה')).toBe('שלום, תודה על התשובה');
    expect(previewLine('你好，谢谢你的回复', 5)).toBe('你好，谢…');
  });
});
