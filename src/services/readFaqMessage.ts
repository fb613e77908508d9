// A raw message as the FAQ matcher reads it: subject, the new text (quoted history and signature removed by the
// reply-text extractor), what the classifier made of it, and whether a list sent it.
import { classifyEmail } from '../domain/inbound/classify/classify.ts';
import { normalizeLineEndings } from '../domain/inbound/line-endings.ts';
import { skipMboxFromLine } from '../domain/inbound/raw-headers.ts';
import { extractReply } from '../domain/inbound/reply-text/index.ts';
import { isListMail, type FaqMessage } from '../domain/faq/match.ts';
import { parseRaw } from '../mail/parse.ts';

export async function readFaqMessage(raw: Uint8Array, contactLocale: string | null = null): Promise<FaqMessage> {
  const email = await parseRaw(skipMboxFromLine(normalizeLineEndings(raw)));
  const { reply } = extractReply({ text: email.text ?? null, html: email.html ?? null });
  return {
    subject: email.subject ?? null,
    text: reply,
    classification: classifyEmail(email),
    fromList: isListMail(email.headers),
    contactLocale,
  };
}
