// senderOf: the person behind a message, also when a list or group relayed it.
import { describe, expect, it } from 'vitest';
import { listAddresses, senderOf, type SenderHeaders } from '../../src/domain/inbound/threading/sender.ts';

function mail(patch: Partial<SenderHeaders>): SenderHeaders {
  return { headers: [], from: null, sender: null, replyTo: [], originalFrom: null, originalSender: null, ...patch };
}

const GOOGLE_GROUP_HEADERS = [
  { key: 'list-id', value: '<support.acme.example>' },
  { key: 'list-post', value: '<https://groups.google.com/a/acme.example/group/support/post>, <mailto:support@acme.example>' },
  { key: 'mailing-list', value: 'list support@acme.example; contact support+owners@acme.example' },
];
const GROUP = { address: 'support@acme.example', name: "'Ana Costa' via Acme Support" };

describe('senderOf', () => {
  it('plain mail: From, with its name; else Sender; else the envelope', () => {
    expect(senderOf(mail({ from: { address: 'Astrid@Example.SE', name: 'Astrid' } }), 'x@y.z')).toEqual({
      address: 'astrid@example.se',
      name: 'Astrid',
    });
    expect(senderOf(mail({ sender: { address: 'ops@example.com', name: null } }), null)).toEqual({
      address: 'ops@example.com',
      name: null,
    });
    expect(senderOf(mail({}), 'Bounce@Example.com')).toEqual({ address: 'bounce@example.com', name: null });
    expect(senderOf(mail({}), '')).toBeNull();
  });

  it('plain mail ignores Reply-To (it may name anyone)', () => {
    expect(
      senderOf(mail({ from: { address: 'astrid@example.se', name: null }, replyTo: [{ address: 'other@example.com', name: null }] }), null)
        ?.address,
    ).toBe('astrid@example.se');
  });

  it('Google Groups with a rewritten From: X-Original-From, name included', () => {
    const relayed = mail({
      headers: GOOGLE_GROUP_HEADERS,
      from: GROUP,
      originalFrom: { address: 'ana.costa@exemplo.com.br', name: 'Ana Costa' },
      originalSender: { address: 'ana.costa@exemplo.com.br', name: null },
    });
    expect(senderOf(relayed, 'support+bncBC@acme.example')).toEqual({ address: 'ana.costa@exemplo.com.br', name: 'Ana Costa' });
  });

  it("only X-Original-Sender: the name comes from the list's \"'X' via Group\" From", () => {
    const relayed = mail({
      headers: GOOGLE_GROUP_HEADERS,
      from: { address: 'support@acme.example', name: "'Tom Becker' via Acme Support" },
      originalSender: { address: 'tom@tombecker.example.org', name: null },
    });
    expect(senderOf(relayed, null)).toEqual({ address: 'tom@tombecker.example.org', name: 'Tom Becker' });
  });

  it("X-Original-Sender without list headers (chatwoot's group fixture) names the person, not the group's display name", () => {
    const relayed = mail({
      from: { address: 'acme_group@example.com', name: 'ACME group' },
      originalSender: { address: 'jane@example.com', name: null },
    });
    expect(senderOf(relayed, null)).toEqual({ address: 'jane@example.com', name: null });
  });

  it('Mailman with a munged From: Reply-To is the person; a Reply-To that is the list is not', () => {
    const headers = [
      { key: 'list-post', value: '<mailto:kunder@lists.acme.example>' },
      { key: 'x-beenthere', value: 'kunder@lists.acme.example' },
    ];
    const from = { address: 'kunder@lists.acme.example', name: 'Jonas Berg via kunder' };
    const sender = { address: 'kunder-bounces+inbox=reply.acme.example@lists.acme.example', name: 'kunder' };
    expect(senderOf(mail({ headers, from, sender, replyTo: [{ address: 'jonas.berg@example.se', name: 'Jonas Berg' }] }), null)).toEqual({
      address: 'jonas.berg@example.se',
      name: 'Jonas Berg',
    });
    expect(senderOf(mail({ headers, from, sender, replyTo: [{ address: 'kunder@lists.acme.example', name: null }] }), null)).toEqual({
      address: 'kunder@lists.acme.example',
      name: 'Jonas Berg via kunder',
    });
  });

  it('a list that keeps the author in From: From', () => {
    const headers = [{ key: 'list-post', value: '<mailto:kunder@lists.acme.example>' }];
    expect(
      senderOf(
        mail({
          headers,
          from: { address: 'jonas.berg@example.se', name: 'Jonas' },
          replyTo: [{ address: 'kunder@lists.acme.example', name: null }],
        }),
        null,
      )?.address,
    ).toBe('jonas.berg@example.se');
  });
});

describe('listAddresses', () => {
  it('reads List-Post mailto: (not http), X-BeenThere and Mailing-List', () => {
    expect(
      listAddresses([
        ...GOOGLE_GROUP_HEADERS,
        { key: 'x-beenthere', value: 'Kunder@Lists.Acme.Example' },
        { key: 'list-post', value: 'NO' },
      ]).sort(),
    ).toEqual(['kunder@lists.acme.example', 'support@acme.example']);
  });
});
