// The tokenizer works each word's term out once per language (the same words come back in every message), with the
// same terms as before, and the memo it uses keeps a bounded number of keys.
import { describe, expect, it, vi } from 'vitest';
import { lruMemo } from '../../src/domain/faq/lru.ts';

const stemmed = vi.hoisted(() => [] as string[]);
vi.mock('snowball-stemmers', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof import('snowball-stemmers').default }).default;
  const newStemmer = (algorithm: string) => {
    const stemmer = real.newStemmer(algorithm);
    return {
      stem: (word: string) => {
        stemmed.push(word);
        return stemmer.stem(word);
      },
    };
  };
  return { default: { ...real, newStemmer }, newStemmer, algorithms: real.algorithms };
});

const { tokenize } = await import('../../src/domain/faq/tokenize.ts');

describe('tokenize memo', () => {
  it('stems a word once per language, with the same terms every time', () => {
    const first = tokenize('Can I cancel my appointments? Cancel, please.', 'en');
    expect(first).toEqual(['cancel', 'appoint', 'cancel']);
    expect(stemmed.filter((w) => w === 'cancel')).toHaveLength(1);
    expect(tokenize('Cancel the appointments', 'en')).toEqual(['cancel', 'appoint']);
    expect(stemmed.filter((w) => w === 'cancel' || w === 'appointments')).toHaveLength(2);
    // Another language is another stemmer and another term.
    expect(tokenize('cancel', 'fr')).toEqual(['cancel']);
    expect(stemmed.filter((w) => w === 'cancel')).toHaveLength(2);
  });

  it('keeps a Chinese run going across a function word, and a one-letter word still ends it', () => {
    expect(tokenize('孩子的牙', 'zh')).toEqual(tokenize('孩子牙', 'zh'));
    expect(tokenize('孩子 x 牙齿', 'zh')).toEqual(['孩子', '牙齿']);
  });
});

describe('lruMemo', () => {
  it('computes a key once while it is among the last `capacity` keys used', () => {
    const computed: string[] = [];
    const upper = lruMemo(2, (key: string) => {
      computed.push(key);
      return key.toUpperCase();
    });
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
    upper('c'); // 'b' is now the least recently used and goes
    upper('a');
    upper('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });
});
