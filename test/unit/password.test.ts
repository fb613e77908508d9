import { describe, expect, it } from 'vitest';
import { PBKDF2_ITERATIONS, hashPassword, verifyPassword } from '../../src/domain/auth/password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', 1_000);
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 1_000)).not.toBe(await hashPassword('same', 1_000));
  });

  it('uses the Workers maximum of 100,000 iterations by default', async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect((await hashPassword('pw')).split('$')[1]).toBe('100000');
  });

  it('hashes unicode passwords by their UTF-8 bytes', async () => {
    const stored = await hashPassword('lösenord 密码 🔑', 1_000);
    expect(await verifyPassword('lösenord 密码 🔑', stored)).toBe(true);
    expect(await verifyPassword('losenord 密码 🔑', stored)).toBe(false);
  });

  it('reads the iteration count from the stored hash, so raising the default keeps old hashes valid', async () => {
    const stored = await hashPassword('pw', 2_000);
    expect(await verifyPassword('pw', stored)).toBe(true);
    expect(await verifyPassword('pw', stored.replace('$2000$', '$1000$'))).toBe(false);
  });

  it('refuses a stored hash whose salt or hash was altered', async () => {
    const [scheme, iterations, salt, hash] = (await hashPassword('pw', 1_000)).split('$') as [string, string, string, string];
    const otherSalt = (salt[0] === 'A' ? 'B' : 'A') + salt.slice(1);
    const otherHash = (hash[0] === 'A' ? 'B' : 'A') + hash.slice(1);
    expect(await verifyPassword('pw', [scheme, iterations, otherSalt, hash].join('$'))).toBe(false);
    expect(await verifyPassword('pw', [scheme, iterations, salt, otherHash].join('$'))).toBe(false);
  });

  it.each([
    ['plain text', 'plain'],
    ['zero iterations', 'pbkdf2-sha256$0$aa$bb'],
    ['negative iterations', 'pbkdf2-sha256$-5$aa$bb'],
    ['fractional iterations', 'pbkdf2-sha256$1.5$aa$bb'],
    ['another scheme', 'bcrypt$1000$aa$bb'],
    ['no salt', 'pbkdf2-sha256$1000$$bb'],
    ['no hash', 'pbkdf2-sha256$1000$aa$'],
    ['empty', ''],
  ])('refuses a malformed stored hash: %s', async (_, stored) => {
    expect(await verifyPassword('x', stored)).toBe(false);
  });
});
