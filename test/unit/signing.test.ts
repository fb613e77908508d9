import { describe, expect, it } from 'vitest';
import { sign, verify } from '../../src/domain/auth/signing.ts';

describe('sign', () => {
  it('gives a lower-case base32 MAC of the asked length', async () => {
    for (const length of [1, 16, 22, 52]) {
      const mac = await sign('secret', 'purpose', 'payload', length);
      expect(mac).toHaveLength(length);
      expect(mac).toMatch(/^[a-z2-7]+$/);
    }
  });

  it('is deterministic for the same secret, purpose and payload', async () => {
    expect(await sign('secret', 'p', 'x')).toBe(await sign('secret', 'p', 'x'));
  });

  it('differs when the secret, the purpose or the payload differs', async () => {
    const base = await sign('secret', 'reply-token', 'con_1');
    expect(await sign('other secret', 'reply-token', 'con_1')).not.toBe(base);
    expect(await sign('secret', 'unsubscribe', 'con_1')).not.toBe(base);
    expect(await sign('secret', 'reply-token', 'con_2')).not.toBe(base);
  });

  it('keeps purpose and payload apart, so "ab"+"c" does not sign like "a"+"bc"', async () => {
    expect(await sign('secret', 'ab', 'c')).not.toBe(await sign('secret', 'a', 'bc'));
  });

  it('signs unicode payloads by their UTF-8 bytes (composed and decomposed forms differ)', async () => {
    expect(await sign('secret', 'p', 'Åsa')).not.toBe(await sign('secret', 'p', 'A\u030asa'));
  });
});

describe('verify', () => {
  it('accepts its own MAC, also upper-cased', async () => {
    const mac = await sign('secret', 'p', 'payload', 22);
    expect(await verify('secret', 'p', 'payload', mac, 22)).toBe(true);
    expect(await verify('secret', 'p', 'payload', mac.toUpperCase(), 22)).toBe(true);
  });

  it('refuses a MAC with one character changed', async () => {
    const mac = await sign('secret', 'p', 'payload');
    for (let i = 0; i < mac.length; i++) {
      const flipped = mac.slice(0, i) + (mac[i] === 'a' ? 'b' : 'a') + mac.slice(i + 1);
      expect(await verify('secret', 'p', 'payload', flipped)).toBe(false);
    }
  });

  it('refuses a MAC of the wrong length, even a prefix of the right one', async () => {
    const long = await sign('secret', 'p', 'payload', 22);
    expect(await verify('secret', 'p', 'payload', long, 16)).toBe(false);
    expect(await verify('secret', 'p', 'payload', long.slice(0, 15), 16)).toBe(false);
    expect(await verify('secret', 'p', 'payload', '', 16)).toBe(false);
  });

  it('refuses a MAC made for another purpose or with another secret', async () => {
    const mac = await sign('secret', 'session', 'usr_1');
    expect(await verify('secret', 'reply-token', 'usr_1', mac)).toBe(false);
    expect(await verify('rotated', 'session', 'usr_1', mac)).toBe(false);
  });
});
