// Helpers for the autoresponder tests: a small FAQ, mail from a customer, and the rows it leaves.
import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { conversations, faqDecisions, messages } from '../../db/schema.ts';
import type { ProcessOutcome } from '../../src/services/processInboundEmail.ts';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { importFaqFile } from '../../src/services/faqFile.ts';
import type { TestContext } from './test-deps.ts';

export const BAKERY_FAQ = readFileSync(new URL('../fixtures/faq/bakery.yaml', import.meta.url), 'utf8');

export async function loadBakeryFaq(t: TestContext): Promise<void> {
  const report = await importFaqFile(t.deps, BAKERY_FAQ);
  if (report.failed) throw new Error(JSON.stringify(report.problems));
}

let counter = 0;

export interface CustomerMail {
  from?: string;
  fromName?: string;
  to?: string;
  subject?: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
}

/** A plain-text message as a mail client sends it (CRLF, UTF-8, 8bit). */
export function customerMail(m: CustomerMail): Uint8Array<ArrayBuffer> {
  const messageId = m.messageId ?? `cust-${++counter}-${Math.random().toString(36).slice(2)}@mail.example.com`;
  const head = [
    `From: ${m.fromName ?? 'Anna Berg'} <${m.from ?? 'anna.berg@example.com'}>`,
    `To: ${m.to ?? 'hello@bakery.example'}`,
    `Subject: ${m.subject ?? 'Question'}`,
    'Date: Mon, 23 Nov 2026 09:00:00 +0000',
    `Message-ID: <${messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const bytes = new TextEncoder().encode(`${head.join('\r\n')}\r\n\r\n${m.text.replace(/\n/g, '\r\n')}\r\n`);
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

/** Receives the mail through the one door; the processing outcome. */
export async function receiveMail(t: TestContext, m: CustomerMail): Promise<Extract<ProcessOutcome, { status: 'processed' }>> {
  const raw = customerMail(m);
  const result = await receiveEmail(t.deps, raw, { from: m.from ?? 'anna.berg@example.com', to: m.to ?? 'hello@bakery.example' }, 'http');
  if (result.outcome?.status !== 'processed') throw new Error(`not processed: ${JSON.stringify(result.outcome)}`);
  return result.outcome;
}

export async function decisionsIn(t: TestContext, conversationId: string | null) {
  if (!conversationId) return [];
  return t.deps.db.select().from(faqDecisions).where(eq(faqDecisions.conversationId, conversationId)).orderBy(asc(faqDecisions.createdAt));
}

export async function messagesIn(t: TestContext, conversationId: string) {
  return t.deps.db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

export async function conversation(t: TestContext, id: string) {
  const [row] = await t.deps.db.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

export async function automaticAnswers(t: TestContext) {
  return t.deps.db.select().from(messages).where(eq(messages.author, 'autoresponder'));
}
