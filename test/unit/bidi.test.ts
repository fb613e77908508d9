import { describe, expect, it } from 'vitest';
import { BIDI_CONTROLS, bidiParts, hasBidiControls, isolateText, revealBidiControls } from '../../src/domain/inbox/bidi.ts';

describe('revealBidiControls', () => {
  it('shows the override in a spoofed filename', () => {
    expect(revealBidiControls('invoice\u202efdp.exe')).toBe('invoice⟨RLO⟩fdp.exe');
  });

  it('marks every bidi control: embeddings, overrides, isolates and marks', () => {
    const all = Object.keys(BIDI_CONTROLS).join('');
    expect(revealBidiControls(all)).toBe('⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩');
    expect(Object.keys(BIDI_CONTROLS).map((c) => c.codePointAt(0)!.toString(16))).toEqual([
      '202a',
      '202b',
      '202c',
      '202d',
      '202e',
      '2066',
      '2067',
      '2068',
      '2069',
      '200e',
      '200f',
      '61c',
    ]);
    expect(hasBidiControls(revealBidiControls(all))).toBe(false);
  });

  it('leaves Hebrew, Arabic, Chinese and other invisible characters alone', () => {
    for (const text of ['דוח רבעוני.pdf', 'فاتورة.pdf', '发票.pdf', 'a\u200bb.txt', 'plain.txt']) {
      expect(revealBidiControls(text)).toBe(text);
      expect(hasBidiControls(text)).toBe(false);
    }
  });

  it('splits into plain text and markers', () => {
    expect(bidiParts('a\u202eb\u2066')).toEqual([
      { text: 'a', control: false },
      { text: '⟨RLO⟩', control: true },
      { text: 'b', control: false },
      { text: '⟨LRI⟩', control: true },
    ]);
    expect(bidiParts('')).toEqual([]);
  });

  it('isolateText wraps in FSI … PDI', () => {
    expect(isolateText('שלום')).toBe('\u2068שלום\u2069');
  });
});
