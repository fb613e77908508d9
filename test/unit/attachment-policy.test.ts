import { describe, expect, it } from 'vitest';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_TOTAL_ATTACHMENT_BYTES,
  decideAttachments,
  resolveCidReferences,
} from '../../src/domain/inbound/attachment-policy.ts';

describe('decideAttachments', () => {
  it('keeps attachments within the limits', () => {
    expect(decideAttachments([0, 1, MAX_ATTACHMENT_BYTES])).toEqual([
      { keep: true, reason: null },
      { keep: true, reason: null },
      { keep: true, reason: null },
    ]);
  });

  it('drops one attachment over the per-attachment limit, saying why, and keeps the rest', () => {
    const decisions = decideAttachments([100, MAX_ATTACHMENT_BYTES + 1, 200]);
    expect(decisions.map((d) => d.keep)).toEqual([true, false, true]);
    expect(decisions[1]!.reason).toBe(`${MAX_ATTACHMENT_BYTES + 1} bytes is over the ${MAX_ATTACHMENT_BYTES}-byte limit per attachment`);
  });

  it('drops what would exceed the total, and a later small one that still fits is kept', () => {
    const decisions = decideAttachments([MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES - 10, 20, 10]);
    expect(decisions.map((d) => d.keep)).toEqual([true, true, false, true]);
    expect(decisions[2]!.reason).toContain(`exceed ${MAX_TOTAL_ATTACHMENT_BYTES} bytes`);
  });

  it('counts only kept attachments toward the total', () => {
    const decisions = decideAttachments([MAX_ATTACHMENT_BYTES + 1, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES]);
    expect(decisions.map((d) => d.keep)).toEqual([false, true, true]);
  });

  it('keeps the first 25 attachments and drops the rest', () => {
    const decisions = decideAttachments(Array.from({ length: MAX_ATTACHMENTS + 2 }, () => 1));
    expect(decisions.filter((d) => d.keep)).toHaveLength(MAX_ATTACHMENTS);
    expect(decisions.slice(MAX_ATTACHMENTS).map((d) => d.reason)).toEqual([
      'more than 25 attachments; this one was not kept',
      'more than 25 attachments; this one was not kept',
    ]);
  });

  it('decides nothing for no attachments', () => {
    expect(decideAttachments([])).toEqual([]);
  });
});

describe('resolveCidReferences', () => {
  const urls: Record<string, string> = { 'logo@mail': '/attachments/att_1', 'a b@mail': '/attachments/att_2' };
  const lookup = (id: string) => urls[id] ?? null;

  it('rewrites cid: in double- and single-quoted attributes and CSS url()', () => {
    const html = `<img src="cid:logo@mail"><img src='CID:logo@mail'><div style="background:url(cid:logo@mail)">`;
    expect(resolveCidReferences(html, lookup)).toBe(
      `<img src="/attachments/att_1"><img src='/attachments/att_1'><div style="background:url(/attachments/att_1)">`,
    );
  });

  it('decodes percent-encoded ids and strips angle brackets', () => {
    expect(resolveCidReferences('<img src="cid:a%20b@mail">', lookup)).toBe('<img src="/attachments/att_2">');
    expect(resolveCidReferences('<img src="cid:%3Clogo@mail%3E">', lookup)).toBe('<img src="/attachments/att_1">');
  });

  it('leaves unknown content ids and cid: in plain text as they are', () => {
    const html = '<img src="cid:unknown@mail"><p>write cid:logo@mail here</p>';
    expect(resolveCidReferences(html, lookup)).toBe(html);
  });
});
