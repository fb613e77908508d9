// processInboundEmail: from a kept raw message to a message in the right conversation.
// parse (postal-mime) -> classify -> thread -> extract the new text -> store -> the
// conversation reacts. A message that cannot be parsed stays kept, marked failed with
// its error, and can be re-processed; database failures are thrown (the caller retries).
import { Buffer } from 'node:buffer';
import { eq, sql } from 'drizzle-orm';
import PostalMime, { addressParser, type Email } from 'postal-mime';
import { WINDOWS_1252_DECODER_IS_BROKEN, repairWindows1252 } from '../domain/inbound/windows-1252.ts';
import { attachments, conversations, messages } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { decideAttachments } from '../domain/inbound/attachment-policy.ts';
import { normalizeLineEndings } from '../domain/inbound/line-endings.ts';
import { classifyEmail, type Classification } from '../domain/inbound/classify/classify.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { firstResponseDueAt } from '../domain/inbox/first-response.ts';
import { decodeFlowed } from '../domain/inbound/format-flowed.ts';
import { parseMessageIds, stripAngles } from '../domain/inbound/threading/message-ids.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import { extractReply } from '../domain/inbound/reply-text/index.ts';
import { replyTokensIn, verifyReplyToken } from '../domain/outbound/reply-token.ts';
import { isGenericSubject } from '../domain/inbound/threading/generic-subject.ts';
import { normalizeSubject } from '../domain/inbound/threading/subject.ts';
import { senderOf, type Mailbox } from '../domain/inbound/threading/sender.ts';
import {
  chooseThread,
  mayFollow,
  type ConversationFacts,
  type Reference,
  type ThreadDecision,
} from '../domain/inbound/threading/threading.ts';
import { getContactByEmail, updateContactRow, type ContactRow } from '../store/contacts.ts';
import { getConversationById, type ConversationRow } from '../store/conversations.ts';
import { getInboundEmail, markInbound, markInboundQuery } from '../store/inbound-emails.ts';
import { findMessageByInboundId, updateMessage } from '../store/messages.ts';
import { addSuppression } from '../store/suppressions.ts';
import {
  findByMessageIds,
  findConversationsBySubject,
  findLatestOutboundTo,
  isParticipant,
  type ReferencedMessage,
} from '../store/threading.ts';
import { ensureContact } from './contacts.ts';

export type ProcessOutcome =
  | {
      status: 'processed';
      messageId: string | null;
      conversationId: string | null;
      classification: Classification['kind'];
      threadRule: string | null;
    }
  | { status: 'failed'; error: string };

const BOUNCE_LOOKBACK_MS = 14 * 24 * 60 * 60 * 1000;

// postal-mime's own format=flowed decoding joins lines across quote depths (see format-flowed.ts).
// Its MimeNode class is not exported: the method is replaced on the prototype of a parser's root node.
const mimeNode = Object.getPrototypeOf((new PostalMime() as unknown as { root: object }).root) as { decodeFlowedText?: unknown };
if (typeof mimeNode.decodeFlowedText === 'function') mimeNode.decodeFlowedText = decodeFlowed;

export async function parseRaw(raw: Uint8Array): Promise<Email> {
  const email = await PostalMime.parse(normalizeLineEndings(raw), { rfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  return WINDOWS_1252_DECODER_IS_BROKEN ? repairDecodedText(email) : email;
}

/** Undoes the runtime's Latin-1-for-windows-1252 decoding in every decoded text field. */
function repairDecodedText(email: Email): Email {
  const fix = (text: string | undefined) => (text === undefined ? undefined : repairWindows1252(text));
  const fixAddresses = (list: Email['to']) =>
    list?.map((a) => ({
      ...a,
      name: repairWindows1252(a.name),
      ...(a.group ? { group: a.group.map((m) => ({ ...m, name: repairWindows1252(m.name) })) } : {}),
    })) as Email['to'];
  return {
    ...email,
    subject: fix(email.subject),
    text: fix(email.text),
    html: fix(email.html),
    from: email.from ? fixAddresses([email.from])![0] : undefined,
    sender: email.sender ? fixAddresses([email.sender])![0] : undefined,
    to: fixAddresses(email.to),
    cc: fixAddresses(email.cc),
    attachments: email.attachments.map((a) => ({ ...a, filename: a.filename === null ? null : repairWindows1252(a.filename) })),
  };
}

/** Every Delivered-To line (forwarding hops add their own on top of ours). */
function deliveredTo(email: Email): string[] {
  return email.headers
    .filter((h) => h.key === 'delivered-to')
    .flatMap((h) => addressParser(h.value).flatMap((a) => (a.address ? [normalizeEmail(a.address)] : [])));
}

function addresses(list: Email['to']): string[] {
  const out: string[] = [];
  for (const entry of list ?? []) {
    if (entry.address) out.push(normalizeEmail(entry.address));
    for (const member of entry.group ?? []) if (member.address) out.push(normalizeEmail(member.address));
  }
  return out;
}

function mailbox(entry: { address?: string | undefined; name?: string | undefined } | undefined): Mailbox | null {
  return entry?.address ? { address: entry.address, name: entry.name || null } : null;
}

/** The first mailbox of an address header that postal-mime leaves unparsed (X-Original-From …). */
function headerMailbox(email: Email, key: string): Mailbox | null {
  const value = email.headers.find((h) => h.key === key)?.value;
  return value ? mailbox(addressParser(value).find((a) => a.address)) : null;
}

/** The person who wrote (the person behind a list or group, not the list): see domain/sender.ts. */
function senderOfEmail(email: Email, envelopeFrom: string | null): Mailbox | null {
  return senderOf(
    {
      headers: email.headers,
      from: mailbox(email.from),
      sender: mailbox(email.sender),
      replyTo: (email.replyTo ?? []).flatMap((a) => mailbox(a) ?? []),
      originalFrom: headerMailbox(email, 'x-original-from'),
      originalSender: headerMailbox(email, 'x-original-sender'),
    },
    envelopeFrom,
  );
}

function conversationFacts(row: ConversationRow): ConversationFacts {
  return { id: row.id, contactId: row.contactId, status: row.status, lastMessageAt: row.lastMessageAt, closedAt: row.closedAt };
}

/** Whether the address was in To/Cc of the message, or wrote it. */
function addressedOn(message: ReferencedMessage, address: string): boolean {
  const wrote = message.direction === 'in' && message.fromAddress === address;
  return wrote || message.toAddresses.includes(address) || message.ccAddresses.includes(address);
}

/** The first of: a verified reply token, In-Reply-To, References that names a stored conversation. */
type FoundReference = Reference & { row: ConversationRow };

async function findReference(deps: Deps, email: Email, contact: ContactRow, recipients: string[]): Promise<FoundReference | null> {
  for (const candidate of replyTokensIn(recipients, deps.config.inboundDomain)) {
    const conversationId = await verifyReplyToken(deps.config.secretKey, candidate);
    const row = conversationId ? await getConversationById(deps.db, conversationId) : undefined;
    if (row) {
      const senderAddressed = row.contactId !== contact.id && (await isParticipant(deps.db, row.id, contact.email));
      return { rule: 'reply_token', conversation: conversationFacts(row), senderAddressed, row };
    }
  }
  for (const [rule, header] of [
    ['in_reply_to', email.inReplyTo],
    ['references', email.references],
  ] as const) {
    const message = await findByMessageIds(deps.db, parseMessageIds(header));
    const row = message ? await getConversationById(deps.db, message.conversationId) : undefined;
    if (message && row) return { rule, conversation: conversationFacts(row), senderAddressed: addressedOn(message, contact.email), row };
  }
  return null;
}

async function decideThread(
  deps: Deps,
  email: Email,
  contact: ContactRow,
  envelopeTo: string | null,
): Promise<ThreadDecision & { conversation?: ConversationRow }> {
  const recipients = [...addresses(email.to), ...addresses(email.cc), ...deliveredTo(email), ...(envelopeTo ? [envelopeTo] : [])];
  const reference = await findReference(deps, email, contact, recipients);
  // The subject rule is asked only when the reference is not followed (an outsider's own conversations).
  const askSubject = !(reference && mayFollow(reference, contact.id)) && !isGenericSubject(email.subject);
  const candidates = askSubject ? await findConversationsBySubject(deps.db, contact.id, normalizeSubject(email.subject)) : [];
  const decision = chooseThread({
    now: deps.clock.now(),
    sender: { contactId: contact.id, address: contact.email },
    reference,
    subject: email.subject ?? null,
    subjectCandidates: candidates.map(conversationFacts),
  });
  const conversation = [reference?.row, ...candidates].find((row) => row && row.id === decision.conversationId);
  return conversation ? { ...decision, conversation } : decision;
}

/** Bounces and complaints concern an earlier outbound message: find it, mark it, suppress. */
async function handleDeliveryReport(
  deps: Deps,
  email: Email,
  verdict: Extract<Classification, { kind: 'bounce' | 'complaint' }>,
): Promise<{ conversationId: string | null; note: string }> {
  const now = deps.clock.now();
  const original =
    (verdict.originalMessageId ? await findByMessageIds(deps.db, [verdict.originalMessageId]) : undefined) ??
    (await findByMessageIds(deps.db, parseMessageIds(email.inReplyTo))) ??
    (verdict.recipients[0] ? await findLatestOutboundTo(deps.db, verdict.recipients[0], now - BOUNCE_LOOKBACK_MS) : undefined);
  if (verdict.kind === 'bounce') {
    const reason = [verdict.status, verdict.diagnostic].filter(Boolean).join(' ') || verdict.reason;
    if (original)
      await updateMessage(deps.db, original.messageId, {
        status: 'bounced',
        statusReason: `${verdict.hard ? 'hard' : 'soft'} bounce: ${reason}`,
      });
    if (verdict.hard) {
      for (const address of verdict.recipients)
        await addSuppression(deps.db, {
          email: normalizeEmail(address),
          reason: 'hard_bounce',
          detail: reason.slice(0, 500),
          createdAt: now,
        });
    }
  } else if (verdict.feedbackType !== 'auth-failure') {
    for (const address of verdict.recipients) {
      const normalized = normalizeEmail(address);
      await addSuppression(deps.db, { email: normalized, reason: 'complaint', detail: verdict.feedbackType ?? 'abuse', createdAt: now });
      const contact = await getContactByEmail(deps.db, normalized);
      if (contact)
        await updateContactRow(deps.db, contact.id, {
          marketingConsent: 'unsubscribed',
          consentSource: 'spam complaint',
          consentUpdatedAt: now,
          updatedAt: now,
        });
    }
  }
  return {
    conversationId: original?.conversationId ?? null,
    note: `${verdict.kind} for ${verdict.recipients.join(', ') || 'unknown recipient'}`,
  };
}

/** What receiveEmail already holds for a message it just stored, so it is not read back. */
export interface FreshInbound {
  id: string;
  raw: Uint8Array;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  /** Why receiveEmail flagged it (a reused Message-ID); carried onto the message and conversation. */
  flag?: string | null;
}

export async function processInboundEmail(deps: Deps, inboundEmailId: string, fresh?: FreshInbound): Promise<ProcessOutcome> {
  const inbound = fresh ? { ...fresh, attempts: 0, processedAt: null } : await getInboundEmail(deps.db, inboundEmailId);
  if (!inbound) throw new Error(`no inbound email ${inboundEmailId}`);
  // Processing is idempotent: a message already made from this mail is not made twice.
  const made = fresh ? undefined : await findMessageByInboundId(deps.db, inboundEmailId);
  if (made) {
    await markInbound(deps.db, inboundEmailId, {
      status: 'processed',
      error: null,
      messageId: made.id,
      processedAt: inbound.processedAt ?? deps.clock.now(),
    });
    return {
      status: 'processed',
      messageId: made.id,
      conversationId: made.conversationId,
      classification: made.classification ?? 'message',
      threadRule: made.threadRule,
    };
  }
  const attempts = inbound.attempts + 1;
  const fail = async (error: string): Promise<ProcessOutcome> => {
    await markInbound(deps.db, inboundEmailId, { status: 'failed', error, attempts, processedAt: deps.clock.now() });
    deps.log.warn('inbound: could not process; kept for re-processing', { inboundEmailId, error });
    return { status: 'failed', error };
  };

  let email: Email;
  try {
    email = await parseRaw(new Uint8Array(inbound.raw));
  } catch (error) {
    return fail(`unparseable MIME: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sender = senderOfEmail(email, inbound.envelopeFrom);
  // A Message-ID already stored must not be claimed twice. Inbound ids are unique through
  // the dedupe key, so only a copy of one of ours (our domain) or a flagged reuse can collide.
  const claimedId = stripAngles(email.messageId);
  const mayCollide = Boolean(inbound.flag) || (claimedId?.toLowerCase().endsWith(`@${deps.config.inboundDomain}`) ?? false);
  const headerId = claimedId && !(mayCollide && (await findByMessageIds(deps.db, [claimedId]))) ? claimedId : null;
  const verdict = classifyEmail(email, { from: inbound.envelopeFrom });
  const now = deps.clock.now();

  if (verdict.kind === 'bounce' || verdict.kind === 'complaint') {
    const report = await handleDeliveryReport(deps, email, verdict);
    let messageId: string | null = null;
    if (report.conversationId) {
      messageId = deps.ids.next('msg');
      await deps.db.batch([
        deps.db
          .insert(messages)
          .values(
            inboundMessageRow(deps, email, inbound.id, messageId, report.conversationId, verdict, null, sender, 'system', now, headerId),
          ),
        deps.db
          .update(conversations)
          .set({ messageCount: sql`${conversations.messageCount} + 1`, updatedAt: now })
          .where(eq(conversations.id, report.conversationId)),
      ]);
    }
    await markInbound(deps.db, inbound.id, { status: 'processed', error: null, attempts, messageId, processedAt: now });
    deps.log.info('inbound: delivery report', { inboundEmailId, note: report.note });
    return { status: 'processed', messageId, conversationId: report.conversationId, classification: verdict.kind, threadRule: null };
  }

  if (!sender) return fail('no sender address (From, Sender and envelope are all empty)');
  const contact = await ensureContact(deps, sender.address);
  if (!contact.name && sender.name) await updateContactRow(deps.db, contact.id, { name: sender.name, updatedAt: now });
  const threaded = await decideThread(deps, email, contact, inbound.envelopeTo);
  const decision = inbound.flag ? { ...threaded, flag: [threaded.flag, inbound.flag].filter(Boolean).join('; ') } : threaded;
  const isHuman = verdict.kind === 'message';
  const conversationId = decision.conversationId ?? deps.ids.next('cnv');
  const messageId = deps.ids.next('msg');
  const row = inboundMessageRow(deps, email, inbound.id, messageId, conversationId, verdict, decision, sender, 'contact', now, headerId);
  const preview = previewLine(row.replyText ?? row.text);

  const existing = decision.conversationId
    ? (decision.conversation ?? (await getConversationById(deps.db, decision.conversationId)))
    : undefined;
  const waitingSince = isHuman ? (existing?.waitingSince ?? now) : (existing?.waitingSince ?? null);
  const conversationWrite = existing
    ? deps.db
        .update(conversations)
        .set({
          lastMessageAt: now,
          messageCount: sql`${conversations.messageCount} + 1`,
          updatedAt: now,
          // An outsider's message joined their own conversation: it gets the flag, and the link
          // to the one they tried to reach when it has none yet.
          ...(decision.flag ? { flag: decision.flag } : {}),
          ...(decision.link
            ? {
                linkedConversationId: sql`coalesce(${conversations.linkedConversationId}, ${decision.link.conversationId})`,
                linkReason: sql`coalesce(${conversations.linkReason}, ${decision.link.reason})`,
              }
            : {}),
          // A person writing reopens the conversation and starts (or continues) the wait for
          // a human answer; auto-replies are stored but change nothing else. (Only its contact
          // or someone addressed in it gets here, or an outsider into their own conversation.)
          ...(isHuman
            ? {
                status: 'open' as const,
                closedAt: null,
                snoozedUntil: null,
                lastCustomerMessageAt: now,
                waitingSince,
                firstResponseDueAt: firstResponseDueAt(waitingSince!),
                preview,
              }
            : {}),
        })
        .where(eq(conversations.id, existing.id))
    : deps.db.insert(conversations).values({
        id: conversationId,
        contactId: contact.id,
        subject: email.subject ?? '',
        normalizedSubject: normalizeSubject(email.subject),
        status: isHuman ? 'open' : 'closed',
        closedAt: isHuman ? null : now,
        flag: decision.flag,
        linkedConversationId: decision.link?.conversationId ?? null,
        linkReason: decision.link?.reason ?? null,
        lastMessageAt: now,
        lastCustomerMessageAt: isHuman ? now : null,
        waitingSince: isHuman ? now : null,
        firstResponseDueAt: isHuman ? firstResponseDueAt(now) : null,
        preview,
        messageCount: 1,
        createdAt: now,
        updatedAt: now,
      });

  await deps.db.batch([
    conversationWrite,
    deps.db.insert(messages).values(row),
    ...attachmentRows(deps, email, messageId, now).map((a) => deps.db.insert(attachments).values(a)),
    markInboundQuery(deps.db, inbound.id, { status: 'processed', error: null, attempts, messageId, processedAt: now }),
  ]);
  deps.log.info('inbound: threaded', {
    inboundEmailId,
    messageId,
    conversationId,
    rule: decision.rule,
    classification: verdict.kind,
    flagged: Boolean(decision.flag),
    linkedTo: decision.link?.conversationId ?? null,
  });
  return { status: 'processed', messageId, conversationId, classification: verdict.kind, threadRule: decision.rule };
}

function inboundMessageRow(
  deps: Deps,
  email: Email,
  inboundEmailId: string,
  id: string,
  conversationId: string,
  verdict: Classification,
  decision: ThreadDecision | null,
  sender: { address: string; name: string | null } | null,
  author: 'contact' | 'system',
  now: number,
  headerId: string | null,
): typeof messages.$inferInsert {
  const extracted = extractReply({ text: email.text ?? null, html: email.html ?? null });
  return {
    id,
    conversationId,
    kind: 'email',
    direction: 'in',
    author,
    messageIdHeader: headerId,
    inReplyTo: parseMessageIds(email.inReplyTo)[0] ?? null,
    references: parseMessageIds(email.references).join(' ') || null,
    fromAddress: sender?.address ?? null,
    fromName: sender?.name ?? null,
    toAddresses: addresses(email.to),
    ccAddresses: addresses(email.cc),
    subject: email.subject ?? '',
    text: email.text ?? null,
    html: email.html ?? null,
    replyText: extracted.reply,
    quotedText: extracted.quoted || null,
    signature: extracted.signature || null,
    status: 'received',
    statusReason: verdict.kind === 'message' ? null : 'reason' in verdict ? verdict.reason : null,
    category: 'support',
    threadRule: decision?.rule ?? null,
    classification: verdict.kind,
    flag: decision?.flag ?? null,
    inboundEmailId,
    createdAt: now,
  };
}

function attachmentRows(deps: Deps, email: Email, messageId: string, now: number): (typeof attachments.$inferInsert)[] {
  const sizes = email.attachments.map((a) => (typeof a.content === 'string' ? a.content.length : a.content.byteLength));
  const decisions = decideAttachments(sizes);
  return email.attachments.map((a, i) => {
    // Views, not copies: a 20 MiB message should not hold its attachments in memory twice.
    const content =
      typeof a.content === 'string'
        ? Buffer.from(a.content, 'utf8')
        : a.content instanceof ArrayBuffer
          ? Buffer.from(a.content)
          : Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
    return {
      id: deps.ids.next('att'),
      messageId,
      filename: a.filename,
      contentType: a.mimeType,
      size: sizes[i]!,
      contentId: stripAngles(a.contentId),
      disposition: a.disposition === 'inline' || a.related ? 'inline' : 'attachment',
      content: decisions[i]!.keep ? content : null,
      skippedReason: decisions[i]!.reason,
      createdAt: now,
    };
  });
}
