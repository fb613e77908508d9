// What the inbound pipeline would make of one message, without storing anything:
// the new text, the quoted part, the signature and the classification.
import { classifyEmail, type ParsedEmailLike } from '../domain/classify.ts';
import { extractReply } from '../domain/reply-text/index.ts';
import { parseRaw } from './processInboundEmail.ts';

export interface ReplyAnalysis {
  reply: string;
  quoted: string;
  signature: string;
  classification: 'message' | 'bounce' | 'auto_reply' | 'complaint';
}

/** True when the bytes start with an RFC 5322 header block rather than a plain body. */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const firstBlock = head.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const lines = firstBlock.split(/\r?\n/).filter((l) => !/^[ \t]/.test(l));
  return lines.length > 0 && lines.every((l) => /^[!-9;-~]+:/.test(l)) && lines.some((l) => /^(from|subject|message-id|received|date|mime-version):/i.test(l));
}

export async function analyzeReply(bytes: Uint8Array): Promise<ReplyAnalysis> {
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
