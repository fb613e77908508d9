// What the inbound pipeline would make of one message, without storing anything:
// the new text, the quoted part, the signature and the classification.
import { classifyEmail, type ParsedEmailLike } from '../domain/inbound/classify/classify.ts';
import { normalizeLineEndings } from '../domain/inbound/line-endings.ts';
import { skipMboxFromLine } from '../domain/inbound/raw-headers.ts';
import { extractReply } from '../domain/inbound/reply-text/index.ts';
import { parseRaw } from '../mail/parse.ts';
import type { Classification } from '../domain/vocabulary.ts';

export interface ReplyAnalysis {
  reply: string;
  quoted: string;
  signature: string;
  classification: Classification;
}

const MIME_SNIFF_LIMIT = 16 * 1024;

/** True when the bytes start with an RFC 5322 header block rather than a plain body. */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, MIME_SNIFF_LIMIT));
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end === -1 ? head : head.slice(0, end)).split(/\r?\n/).filter((l) => !/^[ \t]/.test(l));
  // A block that runs past the window ends in a cut line: judge only the whole ones.
  if (end === -1 && bytes.length > MIME_SNIFF_LIMIT) lines.pop();
  return (
    lines.length > 0 &&
    lines.every((l) => /^[!-9;-~]+:/.test(l)) &&
    lines.some((l) => /^(from|subject|message-id|received|date|mime-version):/i.test(l))
  );
}

/** Reads a .eml (bare-CR line ends and an mbox "From " line allowed) or a plain-text body. */
export async function analyzeReply(file: Uint8Array): Promise<ReplyAnalysis> {
  const bytes = skipMboxFromLine(normalizeLineEndings(file));
  if (looksLikeMime(bytes)) {
    const email = await parseRaw(bytes);
    const extracted = extractReply({ text: email.text ?? null, html: email.html ?? null });
    return { ...extracted, classification: classifyEmail(email).kind };
  }
  const text = new TextDecoder().decode(bytes);
  const extracted = extractReply({ text });
  const asEmail: ParsedEmailLike = { headers: [], text, attachments: [] };
  return { ...extracted, classification: classifyEmail(asEmail).kind };
}
