import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { blocksCategory, erasedAddressKey, suppressionKeys } from '../../src/domain/people/suppression.ts';
import type { SuppressionReason } from '../../src/domain/vocabulary.ts';

describe('erasedAddressKey', () => {
  it('is the SHA-256 of the normalized address, with no readable part of it', async () => {
    const key = await erasedAddressKey('  <Astrid.Lindqvist@Example.SE> ');
    expect(key).toBe(`sha256:${await sha256Hex('astrid.lindqvist@example.se')}`);
    expect(key).not.toMatch(/astrid|example/i);
  });

  it('is the same however the address is written, and differs between addresses', async () => {
    expect(await erasedAddressKey('ANA@example.com')).toBe(await erasedAddressKey('ana@EXAMPLE.com'));
    expect(await erasedAddressKey('ana@example.com')).not.toBe(await erasedAddressKey('ana2@example.com'));
  });
});

describe('suppressionKeys', () => {
  it('are the normalized address and its erased-address key', async () => {
    expect(await suppressionKeys('Ana@Example.com')).toEqual(['ana@example.com', await erasedAddressKey('ana@example.com')]);
  });
});

describe('blocksCategory', () => {
  const reasons: SuppressionReason[] = ['hard_bounce', 'complaint', 'unsubscribed', 'erased', 'manual'];

  it('stops marketing for every reason', () => {
    for (const reason of reasons) expect(blocksCategory(reason, 'marketing')).toBe(true);
  });

  it('lets transactional and support mail reach someone who only unsubscribed', () => {
    expect(blocksCategory('unsubscribed', 'transactional')).toBe(false);
    expect(blocksCategory('unsubscribed', 'support')).toBe(false);
  });

  it('stops all mail after a bounce, a complaint, an erasure or a manual block', () => {
    for (const reason of reasons.filter((r) => r !== 'unsubscribed')) {
      expect(blocksCategory(reason, 'transactional')).toBe(true);
      expect(blocksCategory(reason, 'support')).toBe(true);
    }
  });
});
