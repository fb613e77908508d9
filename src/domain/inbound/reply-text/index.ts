/**
 * Reply trimming: the new text of a customer's email reply, without the
 * quoted history and the signature.
 *
 * Pure functions, no I/O; runs unchanged on Cloudflare Workers, Node and Deno.
 *
 *   extractReplyFromText(text)  line rules (multilingual quote headers, ">" quotes,
 *                               Outlook header blocks, "-- " signatures, mobile footers)
 *   extractReplyFromHtml(html)  HTML structure of the common clients (Gmail, Apple Mail,
 *                               Outlook, Thunderbird, Yahoo), text rules as fallback
 *   extractReply({ text, html }) HTML structure when the HTML has a quote marker,
 *                               otherwise the text rules
 */
import { extractFromHtml, mayHaveQuoteStructure } from './html-rules.ts';
import { extractReplyFromText } from './text-rules.ts';
import type { ExtractedReply } from './types.ts';

export type { ExtractedReply } from './types.ts';
export { extractReplyFromText } from './text-rules.ts';
export { htmlToText } from './html-rules.ts';

/**
 * Splits an HTML body into the new text (as plain text in `reply`, as HTML in
 * `replyHtml`), the quoted history and the signature.
 */
export function extractReplyFromHtml(html: string): ExtractedReply & { replyHtml: string } {
  const { reply, quoted, signature, replyHtml } = extractFromHtml(html);
  return { reply, quoted, signature, replyHtml };
}

/**
 * Picks the best source: the HTML structure when the HTML part carries a
 * quote marker, otherwise the text rules on the text part (or on the
 * rendered HTML when there is no text part).
 */
export function extractReply(input: { text?: string | null; html?: string | null }): ExtractedReply {
  const html = input.html ?? '';
  const text = input.text ?? '';
  const hasText = text.trim() !== '';
  if (html.trim() !== '' && (!hasText || mayHaveQuoteStructure(html))) {
    const fromHtml = extractFromHtml(html);
    const result = { reply: fromHtml.reply, quoted: fromHtml.quoted, signature: fromHtml.signature };
    if (!hasText) return result;
    if (fromHtml.structural) {
      if (result.reply !== '') return result;
      // the structure left nothing: trust the text part if it has new text
      const fromText = extractReplyFromText(text);
      return fromText.reply !== '' ? fromText : result;
    }
  }
  return extractReplyFromText(text);
}
