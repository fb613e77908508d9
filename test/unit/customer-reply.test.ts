import { describe, expect, it } from 'vitest';
import { composeCustomerReply } from '../../src/mail/customer-reply.ts';

const original = {
  from: 'Acme Support <support@acme.example>',
  to: ['ana@example.com'],
  subject: 'Your order',
  headers: {
    'Message-ID': '<msg_2@acme.example>',
    References: '<msg_1@acme.example>',
    'Reply-To': 'reply+tok123@reply.acme.example',
  },
  text: 'It ships on Monday.\n\nAcme',
  createdAt: Date.parse('2026-11-23T09:00:00Z'),
};

describe('composeCustomerReply', () => {
  it('answers the Reply-To address with Re:, In-Reply-To and the whole References chain', () => {
    const reply = composeCustomerReply(original, { messageId: 'r1@example.com', text: 'Tuesday?', quote: false, date: new Date(0) });
    expect(reply).toMatchObject({ from: 'ana@example.com', to: 'reply+tok123@reply.acme.example' });
    expect(reply.mime).toContain('Subject: Re: Your order\r\n');
    expect(reply.mime).toContain('In-Reply-To: <msg_2@acme.example>\r\n');
    expect(reply.mime).toContain('References: <msg_1@acme.example> <msg_2@acme.example>\r\n');
    expect(reply.mime).toContain('Message-ID: <r1@example.com>\r\n');
  });

  it('quotes the original under an attribution line when asked, and keeps one Re:', () => {
    const reply = composeCustomerReply(
      { ...original, subject: 'RE: Your order' },
      { messageId: 'r2@example.com', text: 'Tuesday?', quote: true, date: new Date(0) },
    );
    expect(reply.mime).toContain('Subject: RE: Your order\r\n');
    const body = Buffer.from(reply.mime.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(body).toBe(
      'Tuesday?\n\nOn Mon, 23 Nov 2026 09:00:00 GMT, Acme Support <support@acme.example> wrote:\n> It ships on Monday.\n>\n> Acme\n',
    );
  });
});
