import { describe, expect, it } from 'vitest';
import { apiKeyHash, generateApiKey } from '../../src/domain/auth/api-key.ts';
import { fromBase64Url, sha256Hex, timingSafeEqual, toBase64Url, utf8 } from '../../src/domain/encoding.ts';
import { createIds } from '../../src/domain/ids.ts';
import { hashPassword, verifyPassword } from '../../src/domain/auth/password.ts';
import { normalizeEmail, parseMailbox } from '../../src/domain/people/email-address.ts';
import { readRawHeader, readRawMessageId } from '../../src/domain/inbound/raw-headers.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', 1_000);
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 1_000)).not.toBe(await hashPassword('same', 1_000));
  });

  it('uses the Workers maximum of 100,000 iterations by default', async () => {
    expect((await hashPassword('pw')).split('$')[1]).toBe('100000');
  });

  it('refuses malformed stored hashes', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256$0$aa$bb')).toBe(false);
  });
});

describe('encoding', () => {
  it('round-trips base64url', () => {
    const bytes = new Uint8Array([0, 1, 250, 251, 252, 253, 254, 255]);
    expect(Array.from(fromBase64Url(toBase64Url(bytes)))).toEqual(Array.from(bytes));
    expect(toBase64Url(utf8('??>'))).not.toMatch(/[+/=]/);
  });

  it('hashes with SHA-256', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares strings exactly', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('api keys', () => {
  it('are random, prefixed and hashed', async () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^sk_[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await apiKeyHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('ids', () => {
  it('are prefixed and sort by creation time', () => {
    let now = 1_700_000_000_000;
    const ids = createIds(
      () => now,
      (n) => new Uint8Array(n).fill(7),
    );
    const first = ids.next('msg');
    now += 1;
    const second = ids.next('msg');
    expect(first).toMatch(/^msg_[0-9A-Z]{34}$/);
    expect(first < second).toBe(true);
  });
});

describe('email addresses', () => {
  it('normalizes case, spaces and brackets', () => {
    expect(normalizeEmail('  <Astrid.Lindqvist@Example.SE> ')).toBe('astrid.lindqvist@example.se');
  });

  it('parses display names', () => {
    expect(parseMailbox('"Lindqvist, Astrid" <astrid@example.se>')).toEqual({ name: 'Lindqvist, Astrid', address: 'astrid@example.se' });
    expect(parseMailbox('astrid@example.se')).toEqual({ name: null, address: 'astrid@example.se' });
    expect(parseMailbox('not an address')).toBeNull();
  });
});

describe('raw headers', () => {
  const raw = utf8('From: a@example.com\r\nMessage-ID:\r\n <abc.123@mail.example>\r\nSubject: Hi\r\n\r\nMessage-ID: <body@x>\r\n');

  it('reads a folded Message-ID from the header block only', () => {
    expect(readRawMessageId(raw)).toBe('abc.123@mail.example');
    expect(readRawHeader(raw, 'subject')).toBe('Hi');
  });

  it('returns null when there is no Message-ID', () => {
    expect(readRawMessageId(utf8('Subject: x\n\nMessage-ID: <in-body@x>\n'))).toBeNull();
  });
});
