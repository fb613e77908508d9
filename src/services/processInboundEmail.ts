// processInboundEmail: from a kept raw message to a message in the right conversation.
// parse -> classify -> identify the sender and contact -> thread -> extract the new text ->
// store -> the conversation reacts. Bounces and complaints leave the pipeline after classify
// (recordDeliveryReport). A message that cannot be parsed stays kept, marked failed with its
// error, and can be re-processed; database failures are thrown (the caller retries).
import type { Deps } from '../deps.ts';
import { classifyEmail, type Classification } from '../domain/inbound/classify/classify.ts';
import { extractReply } from '../domain/inbound/reply-text/index.ts';
import { isGenericSubject } from '../domain/inbound/threading/generic-subject.ts';
import { parseMessageIds, stripAngles } from '../domain/inbound/threading/message-ids.ts';
import type { Mailbox } from '../domain/inbound/threading/sender.ts';
import { normalizeSubject } from '../domain/inbound/threading/subject.ts';
import {
  chooseThread,
  mayFollow,
  type ConversationFacts,
  type Reference,
  type ThreadDecision,
} from '../domain/inbound/threading/threading.ts';
import { type FirstResponseTarget, firstResponseDueAt } from '../domain/inbox/first-response.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import { replyTokensIn, verifyReplyToken } from '../domain/outbound/reply-token.ts';
import { addresses, parseRaw, recipientsOf, senderOfEmail, type Email } from '../mail/parse.ts';
import { updateContactRow, type ContactRow } from '../store/contacts.ts';
import { type ConversationRow, getConversationById } from '../store/conversations.ts';
import { getInboundEmail, markInbound, markInboundQuery } from '../store/inbound-emails.ts';
import { senderContact, type SenderLookup } from '../store/inbound-lookups.ts';
import { countMessageQuery, insertMessageQuery, recordInboundInConversationStatement } from '../store/inbound-pipeline.ts';
import {
  insertAttachmentStatement,
  insertConversationStatement,
  insertMessageStatement,
  markInboundStatement,
  writeBatch,
} from '../store/row-statements.ts';
import { findMessageByInboundId, type MessageRow, type NewMessage } from '../store/messages.ts';
import {
  findByMessageIds,
  findConversationsBySubject,
  findLatestOutboundTo,
  isParticipant,
  type ReferencedMessage,
} from '../store/threading.ts';
import { answerWithFaq } from './answerWithFaq.ts';
import { ensureContact } from './contacts.ts';
import { stopFollowUpsQueries } from './followUps.ts';
import { storeAttachments } from './inboundAttachments.ts';
import { conversationNamedByToken, conversationOfReferenced } from './unthreadedMessages.ts';
import { readInboundRaw } from './inboundRaw.ts';
import { firstResponseTarget } from './inboxSettings.ts';
import { recordDeliveryReport } from './recordDeliveryReport.ts';

export type ProcessOutcome =
  | {
      status: 'processed';
      messageId: string | null;
      conversationId: string | null;
      classification: Classification['kind'];
      threadRule: string | null;
    }
  | { status: 'failed'; error: string };

/** What receiveEmail already holds for a message it just stored, so it is not read back. */
export interface FreshInbound {
  id: string;
  raw: Uint8Array;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  /** Why receiveEmail flagged it (a reused Message-ID); carried onto the message and conversation. */
  flag?: string | null;
  /** The parse receiveEmail started while the raw message was being kept (parseInbound of `raw`). */
  parsed?: Promise<Email | string>;
}

type DeliveryVerdict = Extract<Classification, { kind: 'bounce' | 'complaint' }>;

/** One inbound mail on its way through the pipeline. */
interface Inbound {
  id: string;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  flag: string | null;
  /** This attempt's number, stored with the outcome. */
  attempts: number;
  email: Email;
  verdict: Classification;
  /** Its Message-ID, unless another stored message already claims it. */
  headerId: string | null;
  now: number;
}

const BOUNCE_LOOKBACK_MS = 14 * 24 * 60 * 60 * 1000;

export async function processInboundEmail(deps: Deps, inboundEmailId: string, fresh?: FreshInbound): Promise<ProcessOutcome> {
  const kept = fresh ? { ...fresh, attempts: 0, processedAt: null } : await getInboundEmail(deps.db, inboundEmailId);
  if (!kept) throw new Error(`no inbound email ${inboundEmailId}`);
  // Processing is idempotent: a message already made from this mail is not made twice.
  const made = fresh ? undefined : await findMessageByInboundId(deps.db, inboundEmailId);
  if (made) return confirmProcessed(deps, inboundEmailId, made, kept.processedAt);
  const attempts = kept.attempts + 1;

  const email = await (fresh?.parsed ?? parseInbound('rawKey' in kept ? await readInboundRaw(deps, kept) : kept.raw));
  if (typeof email === 'string') return fail(deps, inboundEmailId, attempts, email);
  const verdict = classifyEmail(email, { from: kept.envelopeFrom });
  const inbound: Inbound = {
    id: inboundEmailId,
    envelopeFrom: kept.envelopeFrom,
    envelopeTo: kept.envelopeTo,
    flag: kept.flag ?? null,
    attempts,
    email,
    verdict,
    headerId: await unclaimedMessageId(deps, email, kept.flag ?? null),
    now: deps.clock.now(),
  };
  if (verdict.kind === 'bounce' || verdict.kind === 'complaint') return fileDeliveryReport(deps, inbound, verdict);

  const sender = senderOfEmail(email, inbound.envelopeFrom);
  if (!sender) return fail(deps, inboundEmailId, attempts, 'no sender address (From, Sender and envelope are all empty)');
  const { contact, settingsVersion } = await identifyContact(deps, sender, inbound.now);
  const decision = await decideThread(deps, inbound, contact);
  const conversationId = decision.conversationId ?? deps.ids.next('cnv');
  const message = messageRow(deps, inbound, { conversationId, decision, sender, author: 'contact' });
  const joined = await store(deps, inbound, { contact, settingsVersion }, decision, message);
  // After the commit, and it never throws: the autoresponder cannot lose or fail the message.
  const conversation = {
    id: conversationId,
    subject: joined?.subject ?? email.subject ?? '',
    flag: decision.flag ?? joined?.flag ?? null,
    assigneeId: joined?.assigneeId ?? null,
    lastAgentMessageAt: joined?.lastAgentMessageAt ?? null,
  };
  const opensConversation = !decision.conversationId;
  await answerWithFaq(deps, { message, contact, headers: email.headers, opensConversation, conversation, settingsVersion });
  deps.log.info('inbound: threaded', {
    inboundEmailId,
    messageId: message.id,
    conversationId,
    rule: decision.rule,
    classification: verdict.kind,
    flagged: Boolean(decision.flag),
    linkedTo: decision.link?.conversationId ?? null,
  });
  return { status: 'processed', messageId: message.id, conversationId, classification: verdict.kind, threadRule: decision.rule };
}

/** The mail was processed before (the run did not get to mark it): mark it, and answer as then. */
async function confirmProcessed(deps: Deps, inboundEmailId: string, made: MessageRow, processedAt: number | null): Promise<ProcessOutcome> {
  await markInbound(deps.db, inboundEmailId, {
    status: 'processed',
    error: null,
    messageId: made.id,
    processedAt: processedAt ?? deps.clock.now(),
  });
  return {
    status: 'processed',
    messageId: made.id,
    conversationId: made.conversationId,
    classification: made.classification ?? 'message',
    threadRule: made.threadRule,
  };
}

async function fail(deps: Deps, inboundEmailId: string, attempts: number, error: string): Promise<ProcessOutcome> {
  await markInbound(deps.db, inboundEmailId, { status: 'failed', error, attempts, processedAt: deps.clock.now() });
  deps.log.warn('inbound: could not process; kept for re-processing', { inboundEmailId, error });
  return { status: 'failed', error };
}

/** The parsed mail, or why it could not be parsed (never rejects). */
export async function parseInbound(raw: Uint8Array): Promise<Email | string> {
  try {
    return await parseRaw(raw);
  } catch (error) {
    return `unparseable MIME: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * A Message-ID already stored must not be claimed twice. Inbound ids are unique through the
 * dedupe key, so only a copy of one of ours (our domain) or a flagged reuse can collide.
 */
async function unclaimedMessageId(deps: Deps, email: Email, flag: string | null): Promise<string | null> {
  const claimed = stripAngles(email.messageId);
  if (!claimed) return null;
  const mayCollide = Boolean(flag) || claimed.toLowerCase().endsWith(`@${deps.config.inboundDomain}`);
  return mayCollide && (await findByMessageIds(deps.db, [claimed])) ? null : claimed;
}

/** Bounces and complaints concern an earlier outbound message: recorded, and kept in its conversation. */
async function fileDeliveryReport(deps: Deps, inbound: Inbound, verdict: DeliveryVerdict): Promise<ProcessOutcome> {
  const original = await reportedMessage(deps, inbound, verdict);
  if (verdict.kind === 'bounce') {
    const reason = [verdict.status, verdict.diagnostic].filter(Boolean).join(' ') || verdict.reason;
    const { hard, recipients } = verdict;
    await recordDeliveryReport(deps, { kind: 'bounce', hard, reason, recipients, messageId: original?.messageId ?? null, detail: reason });
  } else if (verdict.feedbackType !== 'auth-failure') {
    await recordDeliveryReport(deps, { kind: 'complaint', recipients: verdict.recipients, detail: verdict.feedbackType ?? 'abuse' });
  }
  const conversationId = original?.conversationId ?? null;
  let messageId: string | null = null;
  if (conversationId) {
    const sender = senderOfEmail(inbound.email, inbound.envelopeFrom);
    const report = messageRow(deps, inbound, { conversationId, decision: null, sender, author: 'system' });
    messageId = report.id;
    await deps.db.batch([
      insertMessageQuery(deps.db, report),
      countMessageQuery(deps.db, conversationId, inbound.now),
      markProcessedQuery(deps, inbound, messageId),
    ]);
  } else {
    await markProcessedQuery(deps, inbound, null);
  }
  const note = `${verdict.kind} for ${verdict.recipients.join(', ') || 'unknown recipient'}`;
  deps.log.info('inbound: delivery report', { inboundEmailId: inbound.id, note });
  return { status: 'processed', messageId, conversationId, classification: verdict.kind, threadRule: null };
}

/** Our message a report is about: by the id it quotes, its In-Reply-To, else the latest sent to the recipient. */
async function reportedMessage(deps: Deps, inbound: Inbound, verdict: DeliveryVerdict) {
  const { db } = deps;
  return (
    (verdict.originalMessageId ? await findByMessageIds(db, [verdict.originalMessageId]) : undefined) ??
    (await findByMessageIds(db, parseMessageIds(inbound.email.inReplyTo))) ??
    (verdict.recipients[0] ? await findLatestOutboundTo(db, verdict.recipients[0], inbound.now - BOUNCE_LOOKBACK_MS) : undefined)
  );
}

/**
 * The sender's contact (made on first contact), named from the mail when it has no name yet, and the inbox settings'
 * version read with it (undefined: not read).
 */
async function identifyContact(deps: Deps, sender: Mailbox, now: number): Promise<Omit<SenderLookup, 'contact'> & { contact: ContactRow }> {
  const found = await senderContact(deps.db, sender.address);
  const contact = found.contact ?? (await ensureContact(deps, sender.address));
  if (!contact.name && sender.name) await updateContactRow(deps.db, contact.id, { name: sender.name, updatedAt: now });
  return { contact, settingsVersion: found.settingsVersion };
}

function conversationFacts(row: ConversationRow): ConversationFacts {
  return { id: row.id, contactId: row.contactId, status: row.status, lastMessageAt: row.lastMessageAt, closedAt: row.closedAt };
}

/** Whether the address was in To/Cc of the message, or wrote it. */
function addressedOn(message: ReferencedMessage, address: string): boolean {
  const wrote = message.direction === 'in' && message.fromAddress === address;
  return wrote || message.toAddresses.includes(address) || message.ccAddresses.includes(address);
}

type FoundReference = Reference & { row: ConversationRow };

/** The first of: a verified reply token, In-Reply-To, References that names a stored conversation. */
async function findReference(deps: Deps, email: Email, contact: ContactRow, recipients: string[]): Promise<FoundReference | null> {
  for (const candidate of replyTokensIn(recipients, deps.config.inboundDomain)) {
    const named = await verifyReplyToken(deps.config.secretKey, candidate);
    const row = named ? await conversationNamedByToken(deps, named) : undefined;
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
    const row = message ? await conversationOfReferenced(deps, message) : undefined;
    if (message && row) return { rule, conversation: conversationFacts(row), senderAddressed: addressedOn(message, contact.email), row };
  }
  return null;
}

type Threading = ThreadDecision & { conversation?: ConversationRow };

/** Which conversation the mail joins (or none: a new one), with the flag receiveEmail set added. */
async function decideThread(deps: Deps, inbound: Inbound, contact: ContactRow): Promise<Threading> {
  const { email } = inbound;
  const reference = await findReference(deps, email, contact, recipientsOf(email, inbound.envelopeTo));
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
  const flagged = inbound.flag ? { ...decision, flag: [decision.flag, inbound.flag].filter(Boolean).join('; ') } : decision;
  const conversation = [reference?.row, ...candidates].find((row) => row && row.id === decision.conversationId);
  return conversation ? { ...flagged, conversation } : flagged;
}

interface Filing {
  conversationId: string;
  decision: ThreadDecision | null;
  sender: Mailbox | null;
  author: 'contact' | 'system';
}

type InboundMessage = NewMessage & { id: string; conversationId: string };

/** The message row, with the new text told apart from the quoted part and the signature. */
function messageRow(deps: Deps, inbound: Inbound, filing: Filing): InboundMessage {
  const { email, verdict } = inbound;
  const { decision, sender } = filing;
  const extracted = extractReply({ text: email.text ?? null, html: email.html ?? null });
  return {
    id: deps.ids.next('msg'),
    conversationId: filing.conversationId,
    kind: 'email',
    direction: 'in',
    author: filing.author,
    messageIdHeader: inbound.headerId,
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
    inboundEmailId: inbound.id,
    createdAt: inbound.now,
  };
}

/**
 * The message with its attachments, the conversation's reaction, and the kept mail marked processed: one batch.
 * Returns the conversation the message joined, as it was before (none: the message opened one).
 */
async function store(
  deps: Deps,
  inbound: Inbound,
  sender: Omit<SenderLookup, 'contact'> & { contact: ContactRow },
  decision: Threading,
  message: InboundMessage,
): Promise<ConversationRow | undefined> {
  const { contact } = sender;
  const joined = await joinedConversation(deps, decision);
  // A person answered: the agents' follow-ups waiting for that answer stop with it.
  const replied = joined && inbound.verdict.kind === 'message' ? stopFollowUpsQueries(deps, joined.id, 'Replied') : [];
  // Blobs first; if the batch fails they stay (it may have committed before its answer was lost).
  const attachments = await storeAttachments(deps, inbound.email, message.id, inbound.now);
  const target = await firstResponseTarget(deps, sender.settingsVersion);
  await writeBatch(deps.db, [
    conversationReaction(deps, inbound, contact, decision, joined, message, target),
    insertMessageStatement(deps.db, message),
    ...attachments.map((row) => insertAttachmentStatement(deps.db, row)),
    markInboundStatement(deps.db, inbound.id, processedPatch(inbound, message.id)),
    ...replied,
  ]);
  return joined;
}

/** The stored conversation the decision joins (already read while threading, as a rule). */
async function joinedConversation(deps: Deps, decision: Threading): Promise<ConversationRow | undefined> {
  if (!decision.conversationId) return undefined;
  return decision.conversation ?? (await getConversationById(deps.db, decision.conversationId));
}

/**
 * How the conversation takes the message. A person writing reopens it and starts (or continues)
 * the wait for a human answer; auto-replies are stored but change nothing else. (Only its contact
 * or someone addressed in it gets here, or an outsider into their own conversation.) An outsider's
 * message brings its flag, and the link to the conversation they tried to reach.
 */
function conversationReaction(
  deps: Deps,
  inbound: Inbound,
  contact: ContactRow,
  decision: Threading,
  existing: ConversationRow | undefined,
  message: InboundMessage,
  target: FirstResponseTarget,
) {
  const { email, now } = inbound;
  const isHuman = inbound.verdict.kind === 'message';
  const preview = previewLine(message.replyText ?? message.text);
  if (existing) {
    const waitingSince = existing.waitingSince ?? now;
    return recordInboundInConversationStatement(deps.db, existing.id, {
      now,
      flag: decision.flag,
      link: decision.link,
      waiting: isHuman ? { waitingSince, firstResponseDueAt: firstResponseDueAt(waitingSince, target), preview } : null,
    });
  }
  return insertConversationStatement(deps.db, {
    id: message.conversationId,
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
    firstResponseDueAt: isHuman ? firstResponseDueAt(now, target) : null,
    preview,
    messageCount: 1,
    createdAt: now,
    updatedAt: now,
  });
}

function processedPatch(inbound: Inbound, messageId: string | null) {
  return { status: 'processed' as const, error: null, attempts: inbound.attempts, messageId, processedAt: inbound.now };
}

function markProcessedQuery(deps: Deps, inbound: Inbound, messageId: string | null) {
  return markInboundQuery(deps.db, inbound.id, processedPatch(inbound, messageId));
}
