import { describe, expect, it } from 'vitest';
import { fromBase64Url, randomToken, sha256Hex, timingSafeEqual, toBase64Url, toHex, utf8 } from '../../src/domain/encoding.ts';

describe('base64url', () => {
  it('round-trips every byte value and every length', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let length = 0; length <= 5; length++) {
      const bytes = all.subarray(250, 250 + length);
      expect(Array.from(fromBase64Url(toBase64Url(bytes)))).toEqual(Array.from(bytes));
    }
    expect(Array.from(fromBase64Url(toBase64Url(all)))).toEqual(Array.from(all));
  });

  it('uses - and _ and no padding', () => {
    const encoded = toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]));
    expect(encoded).toBe('-_-_');
    expect(toBase64Url(utf8('a'))).toBe('YQ');
    expect(toBase64Url(new ArrayBuffer(0))).toBe('');
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', () => {
    expect(toBase64Url(new Uint8Array([1, 2, 3]).buffer)).toBe(toBase64Url(new Uint8Array([1, 2, 3])));
  });

  it('throws on text that is not base64', () => {
    expect(() => fromBase64Url('a')).toThrow();
    expect(() => fromBase64Url('ab$c')).toThrow();
  });
});

describe('utf8 and hex', () => {
  it('encodes text as UTF-8 bytes', () => {
    expect(Array.from(utf8('å€😀'))).toEqual([0xc3, 0xa5, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('writes two lower-case hex digits per byte', () => {
    expect(toHex(new Uint8Array([0, 9, 10, 255]))).toBe('00090aff');
    expect(toHex(new ArrayBuffer(2))).toBe('0000');
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes a string and its UTF-8 bytes alike', async () => {
    expect(await sha256Hex('Åsa')).toBe(await sha256Hex(utf8('Åsa')));
  });
});

describe('timingSafeEqual', () => {
  it('is true only for identical strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('', '')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'Abc')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeEqual('abcd', 'abc')).toBe(false);
  });

  it('compares whole UTF-16 code units, not just their low bytes', () => {
    expect(timingSafeEqual('\u0161', '\u0061')).toBe(false);
    expect(timingSafeEqual('\u0100', '\u0000')).toBe(false);
  });
});

describe('randomToken', () => {
  it('is base64url of the asked number of random bytes, different every time', () => {
    expect(randomToken()).toMatch(/^[\w-]{43}$/);
    expect(fromBase64Url(randomToken(16))).toHaveLength(16);
    expect(randomToken()).not.toBe(randomToken());
  });
});
