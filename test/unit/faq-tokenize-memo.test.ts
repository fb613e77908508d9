// The tokenizer works each word's term out once per language (the same words come back in every message), with the
// same terms as before, and the memo it uses keeps a bounded number of keys.
import { describe, expect, it, vi } from 'vitest';
import { boundedMemo } from '../../src/domain/faq/bounded-memo.ts';

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

describe('boundedMemo', () => {
  it('computes a key once while fewer than `capacity` newer keys were added', () => {
    const computed: string[] = [];
    const upper = boundedMemo(2, (key: string) => {
      computed.push(key);
      return key.toUpperCase();
    });
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
    upper('c'); // the third key: 'a', the oldest, goes
    expect([upper('b'), upper('a')]).toEqual(['B', 'A']);
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps an undefined or null value like any other', () => {
    let calls = 0;
    const nothing = boundedMemo(4, () => {
      calls++;
      return null;
    });
    nothing('x');
    nothing('x');
    expect(calls).toBe(1);
  });
});
