import { describe, expect, it } from 'vitest';
import { type SnippetPart, searchTerms, snippetParts } from '../../src/domain/inbox/search-query.ts';

const joined = (parts: SnippetPart[]) => parts.map((p) => p.text).join('');
const matches = (parts: SnippetPart[]) => parts.filter((p) => p.match).map((p) => p.text);

describe('searchTerms', () => {
  it('splits on whitespace and lower-cases', () => {
    expect(searchTerms('  Invoice   REFUND\tmarch ')).toEqual(['invoice', 'refund', 'march']);
  });

  it('keeps quoted phrases whole', () => {
    expect(searchTerms('"order 1042" late')).toEqual(['order 1042', 'late']);
  });

  it('drops duplicates, also a quoted one', () => {
    expect(searchTerms('refund Refund "refund" " refund "')).toEqual(['refund']);
  });

  it('keeps at most 8 terms', () => {
    expect(searchTerms('a b c d e f g h i j')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('normalizes to NFC, so a decomposed "å" finds a composed one', () => {
    expect(searchTerms('A\u030asa')).toEqual(['\u00e5sa']);
  });

  it('is empty for an empty or blank query', () => {
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms('   ')).toEqual([]);
  });
});

describe('snippetParts', () => {
  it('marks every occurrence of every term, case-insensitively, keeping the original case', () => {
    const parts = snippetParts('Refund for order 1042: the REFUND is late', ['refund', 'late']);
    expect(matches(parts)).toEqual(['Refund', 'REFUND', 'late']);
    expect(joined(parts)).toBe('Refund for order 1042: the REFUND is late');
  });

  it('is the start of the text, unmarked, when no term is found', () => {
    expect(snippetParts('nothing here', ['refund'])).toEqual([{ text: 'nothing here', match: false }]);
  });

  it('cuts a window from radius before the first hit to twice the radius after it, with ellipses where text was left out', () => {
    const text = `${'a '.repeat(200)}refund${' b'.repeat(200)}`;
    const parts = snippetParts(text, ['refund'], 10);
    expect(parts[0]).toEqual({ text: '…', match: false });
    expect(parts.at(-1)).toEqual({ text: '…', match: false });
    expect(matches(parts)).toEqual(['refund']);
    expect(joined(parts)).toBe('…a a a a a refund b b b b b b b…');
  });

  it('folds runs of whitespace to one space', () => {
    expect(joined(snippetParts('line one\n\n   line   two', ['two']))).toBe('line one line two');
  });

  it('prefers the earliest hit and the term found there', () => {
    expect(matches(snippetParts('late refund, late again', ['refund', 'late']))).toEqual(['late', 'refund', 'late']);
  });
});
