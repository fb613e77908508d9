import { describe, expect, it } from 'vitest';
import { formatAddress, formatMailbox, isEmailAddress, normalizeEmail, parseMailbox } from '../../src/domain/people/email-address.ts';

describe('isEmailAddress (RFC 5322 addr-spec; examples from RFC 3696 section 3)', () => {
  it.each([
    'ana@example.com',
    '"Abc\\@def"@example.com',
    '"Fred Bloggs"@example.com',
    '"Joe\\\\Blow"@example.com',
    '"Abc@def"@example.com',
    'customer/department=shipping@example.com',
    '$A12345@example.com',
    '!def!xyz%abc@example.com',
    '_somename@example.com',
    'user+tag@sub.example.co.uk',
    '"john doe"@example.org',
    'åsa@exempel.se',
  ])('accepts %s', (address) => expect(isEmailAddress(address)).toBe(true));

  it.each([
    'Abc.example.com',
    'A@b@c@example.com',
    'a"b(c)d,e:f;g<h>i[j\\k]l@example.com',
    'just"not"right@example.com',
    'this is"not\\allowed@example.com',
    'john doe@example.org',
    'john..doe@example.com',
    '.john@example.com',
    'john.@example.com',
    '"unterminated@example.com',
    '"line\nbreak"@example.com',
    `${'a'.repeat(65)}@example.com`,
    'ana@localhost',
    'ana@-example.com',
    '',
  ])('refuses %j', (address) => expect(isEmailAddress(address)).toBe(false));
});

describe('normalizeEmail', () => {
  it.each([
    ['  <Ana.Lind@Example.COM> ', 'ana.lind@example.com'],
    ['"Fred Bloggs"@Example.com', '"fred bloggs"@example.com'],
    // A parser (postal-mime) hands `"john doe"@example.org` over unquoted: the quotes come back.
    ['john doe@example.org', '"john doe"@example.org'],
    ['Abc@def@example.com', '"abc@def"@example.com'],
    // Quoting that is not needed goes; escapes that are needed stay.
    ['"john"@example.org', 'john@example.org'],
    ['"Abc\\@def"@example.com', '"abc@def"@example.com'],
    ['"Joe\\\\Blow"@example.com', '"joe\\\\blow"@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['john..doe@example.com', '"john..doe"@example.com'],
  ])('%j → %j', (input, expected) => expect(normalizeEmail(input)).toBe(expected));

  it('is idempotent and its output is a valid address', () => {
    for (const input of ['john doe@example.org', 'a"b@example.com', 'x\\y@example.com', 'ANA@EXAMPLE.COM']) {
      const once = normalizeEmail(input);
      expect(normalizeEmail(once)).toBe(once);
      expect(isEmailAddress(once)).toBe(true);
    }
  });
});

describe('parseMailbox', () => {
  it.each([
    ['ana@example.com', { name: null, address: 'ana@example.com' }],
    ['Ana Lind <ana@example.com>', { name: 'Ana Lind', address: 'ana@example.com' }],
    ['"Lind, Ana" <ana@example.com>', { name: 'Lind, Ana', address: 'ana@example.com' }],
    ['"Ana \\"the boss\\" Lind" <ana@example.com>', { name: 'Ana "the boss" Lind', address: 'ana@example.com' }],
    ['John <"john doe"@example.org>', { name: 'John', address: '"john doe"@example.org' }],
    ['<ana@example.com>', { name: null, address: 'ana@example.com' }],
  ])('%j', (input, expected) => expect(parseMailbox(input)).toEqual(expected));

  it('refuses what is no mailbox', () => {
    expect(parseMailbox('Ana <not an address>')).toBeNull();
    expect(parseMailbox('"unterminated <ana@example.com>')).toBeNull();
    expect(parseMailbox('ana')).toBeNull();
    expect(parseMailbox('not an address')).toBeNull();
  });
});

describe('formatAddress', () => {
  it.each([
    [{ name: null, address: 'ana@example.com' }, 'ana@example.com'],
    [{ name: 'Ana Lind', address: 'ana@example.com' }, 'Ana Lind <ana@example.com>'],
    [{ name: "Ana O'Neil", address: 'ana@example.com' }, "Ana O'Neil <ana@example.com>"],
    [{ name: 'Lind, Ana', address: 'ana@example.com' }, '"Lind, Ana" <ana@example.com>'],
    [{ name: 'Dr. Ana Lind', address: 'ana@example.com' }, '"Dr. Ana Lind" <ana@example.com>'],
    [{ name: 'Ana "the boss" Lind', address: 'ana@example.com' }, '"Ana \\"the boss\\" Lind" <ana@example.com>'],
    [{ name: 'Back\\slash', address: 'ana@example.com' }, '"Back\\\\slash" <ana@example.com>'],
    [{ name: 'Åsa Öberg', address: 'asa@example.se' }, '=?UTF-8?B?w4VzYSDDlmJlcmc=?= <asa@example.se>'],
    [{ name: 'Ana\r\nBcc: eve@example.com', address: 'ana@example.com' }, '"Ana Bcc: eve@example.com" <ana@example.com>'],
    [{ name: null, address: '"john doe"@example.org' }, '"john doe"@example.org'],
    [{ name: null, address: 'john doe@example.org' }, '"john doe"@example.org'],
    [{ name: 'John', address: '"john"@Example.org' }, 'John <john@Example.org>'],
  ])('%j → %s', (mailbox, expected) => expect(formatAddress(mailbox)).toBe(expected));

  it('round-trips through parseMailbox', () => {
    for (const mailbox of [
      { name: 'Lind, Ana', address: 'ana@example.com' },
      { name: 'Ana "the boss" Lind', address: '"john doe"@example.org' },
      { name: 'a\\b <c>', address: '"Abc@def"@example.com' },
    ])
      expect(parseMailbox(formatAddress(mailbox))).toEqual(mailbox);
  });

  it('formatMailbox re-encodes mailbox text, and quotes a stored unquoted local part', () => {
    expect(formatMailbox('Lind, Ana <ana@example.com>')).toBe('"Lind, Ana" <ana@example.com>');
    expect(formatMailbox('john doe@example.org')).toBe('"john doe"@example.org');
    expect(formatMailbox('Samtal <samtal@localhost.localdomain>')).toBe('Samtal <samtal@localhost.localdomain>');
  });
});
