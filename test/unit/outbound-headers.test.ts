import { describe, expect, it } from 'vitest';
import { buildOutboundHeaders, messageIdFor, withUnsubscribeFooter, withUnsubscribeFooterHtml } from '../../src/domain/outbound/headers.ts';

const base = { messageId: 'msg_1@mail.example.com', thread: [], automated: false, unsubscribeUrl: null };

describe('messageIdFor', () => {
  it('puts the id on the sending domain', () => {
    expect(messageIdFor('msg_1', 'mail.example.com')).toBe('msg_1@mail.example.com');
  });
});

describe('buildOutboundHeaders', () => {
  it('gives a first message only its Message-ID', () => {
    expect(buildOutboundHeaders(base)).toEqual({ 'Message-ID': '<msg_1@mail.example.com>' });
  });

  it('answers the latest message of the thread and references the whole chain, oldest first', () => {
    const headers = buildOutboundHeaders({ ...base, thread: ['a@x', 'b@x', 'c@x'] });
    expect(headers['In-Reply-To']).toBe('<c@x>');
    expect(headers.References).toBe('<a@x> <b@x> <c@x>');
  });

  it('keeps References to 20 ids: the root and the latest 19', () => {
    const thread = Array.from({ length: 30 }, (_, i) => `m${i}@x`);
    const references = buildOutboundHeaders({ ...base, thread }).References!.split(' ');
    expect(references).toHaveLength(20);
    expect(references[0]).toBe('<m0@x>');
    expect(references.slice(1)).toEqual(thread.slice(11).map((id) => `<${id}>`));
  });

  it('keeps a chain of exactly 20 whole', () => {
    const thread = Array.from({ length: 20 }, (_, i) => `m${i}@x`);
    expect(buildOutboundHeaders({ ...base, thread }).References).toBe(thread.map((id) => `<${id}>`).join(' '));
  });

  it('marks automated mail Auto-Submitted: auto-generated (RFC 3834) and leaves replies by people unmarked', () => {
    expect(buildOutboundHeaders({ ...base, automated: true })['Auto-Submitted']).toBe('auto-generated');
    expect(buildOutboundHeaders(base)['Auto-Submitted']).toBeUndefined();
  });

  it('adds RFC 8058 one-click unsubscribe headers when there is an unsubscribe URL', () => {
    const headers = buildOutboundHeaders({ ...base, unsubscribeUrl: 'https://mail.example.com/u/tok' });
    expect(headers['List-Unsubscribe']).toBe('<https://mail.example.com/u/tok>');
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(buildOutboundHeaders(base)['List-Unsubscribe']).toBeUndefined();
    expect(buildOutboundHeaders(base)['List-Unsubscribe-Post']).toBeUndefined();
  });
});

describe('unsubscribe footers', () => {
  const url = 'https://mail.example.com/u/tok';

  it('append a visible unsubscribe line to text once', () => {
    const text = withUnsubscribeFooter('News of the week.\n\n\n', url, 'en');
    expect(text).toBe(`News of the week.\n\n--\nUnsubscribe: ${url}\n`);
    expect(withUnsubscribeFooter(text, url, 'en')).toBe(text);
  });

  it("speak the contact's language: Swedish, Hebrew right to left, Chinese; an unknown one English", () => {
    expect(withUnsubscribeFooter('Nyheter.', url, 'sv-SE')).toBe(`Nyheter.\n\n--\nAvregistrera: ${url}\n`);
    expect(withUnsubscribeFooter('חדשות.', url, 'he')).toContain(`הסרה מרשימת התפוצה: ${url}`);
    expect(withUnsubscribeFooterHtml('<p>חדשות</p>', url, 'he-IL')).toMatch(
      /<p dir="rtl" [^>]*><a href="[^"]+">הסרה מרשימת התפוצה<\/a><\/p>$/,
    );
    expect(withUnsubscribeFooterHtml('<p>新闻</p>', url, 'zh-CN')).toContain('>退订</a>');
    expect(withUnsubscribeFooter('Nouvelles.', url, 'fr')).toContain(`Unsubscribe: ${url}`);
  });

  it('put the HTML link before </body>, whatever its case', () => {
    const html = withUnsubscribeFooterHtml('<html><BODY><p>News</p></BODY></html>', url, null);
    expect(html).toMatch(new RegExp(`<p>News</p><p [^>]*><a href="${url}">Unsubscribe</a></p></body></html>$`, 'i'));
    expect(withUnsubscribeFooterHtml(html, url, null)).toBe(html);
  });

  it('append the HTML link to a fragment without a body', () => {
    expect(withUnsubscribeFooterHtml('<p>News</p>', url, 'en')).toMatch(
      /^<p>News<\/p><p [^>]*><a href="https:\/\/mail\.example\.com\/u\/tok">/,
    );
  });

  it('escape quotes in the URL so it cannot break out of the href attribute', () => {
    const html = withUnsubscribeFooterHtml('<p>News</p>', 'https://x.example/u/"onmouseover="alert(1)', 'en');
    expect(html).toContain('href="https://x.example/u/&quot;onmouseover=&quot;alert(1)"');
    expect(html).not.toContain('"onmouseover="');
  });
});
