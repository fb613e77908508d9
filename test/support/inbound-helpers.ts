// Helpers for the inbound integration tests: load .eml fixtures (filling in the values only a
// test knows, such as reply addresses and Message-IDs of messages it sent), post them through
// the HTTP door or hand them to receiveEmail, send outbound mail to reply to, and read rows back.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { attachments, contacts, conversations, inboundEmails, messages, suppressions } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { receiveEmail, type Envelope } from '../../src/services/receiveEmail.ts';
import { sendMessage, type SendMessageInput } from '../../src/services/sendMessage.ts';
import { TEST_INBOUND_SECRET, type TestContext } from './test-deps.ts';

export const FIXTURE_DIR = new URL('../fixtures/inbound/', import.meta.url);
export const INBOUND_DOMAIN = 'reply.acme.example';
/** The Message-ID Amazon SES gave our mail; fixtures that must thread by token alone name it. */
export const SES_MESSAGE_ID = '0102019a5b3c7d1e-6f0e2a1b-4c3d-4e5f-8a9b-0c1d2e3f4a5b-000000@eu-west-1.amazonses.com';

const latin1 = new TextDecoder('latin1');

/** Bytes to a string with one char per byte (and back): header surgery that keeps every other byte. */
function bytesToBinary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}
function binaryToBytes(text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error(`not a byte string at ${i}`);
    out[i] = code;
  }
  return out;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.eml'))
    .sort();
}

/** The fixture exactly as stored on disk. */
export function rawFixture(name: string): Uint8Array<ArrayBuffer> {
  const buffer = readFileSync(new URL(name, FIXTURE_DIR));
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)) as Uint8Array<ArrayBuffer>;
}

/**
 * The fixture with its {{PLACEHOLDERS}} filled in (ASCII values only). Every placeholder the
 * fixture has must be given: a forgotten one would silently test something else.
 */
export function fixture(name: string, vars: Record<string, string> = {}): Uint8Array<ArrayBuffer> {
  let text = bytesToBinary(rawFixture(name));
  for (const [key, value] of Object.entries(vars)) {
    if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`placeholder ${key}: only printable ASCII may be filled in`);
    if (!text.includes(`{{${key}}}`)) throw new Error(`${name} has no placeholder {{${key}}}`);
    text = text.split(`{{${key}}}`).join(value);
  }
  const left = /\{\{([A-Z_]+)\}\}/.exec(text);
  if (left) throw new Error(`${name}: placeholder {{${left[1]}}} was not filled in`);
  return binaryToBytes(text);
}

/**
 * Sets (or with null removes) a top-level header, keeping every other byte as it was. A new
 * header goes first, as an MTA would add it.
 */
export function withHeader(raw: Uint8Array, name: string, value: string | null): Uint8Array<ArrayBuffer> {
  const text = bytesToBinary(raw);
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end);
  const rest = text.slice(end);
  const fields: string[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  const lower = `${name.toLowerCase()}:`;
  const index = fields.findIndex((field) => field.toLowerCase().startsWith(lower));
  if (value === null) {
    if (index !== -1) fields.splice(index, 1);
  } else if (index !== -1) {
    fields[index] = `${name}: ${value}`;
  } else {
    fields.unshift(`${name}: ${value}`);
  }
  return binaryToBytes(fields.join('\r\n') + rest);
}

/** Adds a header line on top, as the next MTA hop does (Received, Delivered-To, ...). */
export function prependHeader(raw: Uint8Array, name: string, value: string): Uint8Array<ArrayBuffer> {
  return binaryToBytes(`${name}: ${value}\r\n${bytesToBinary(raw)}`);
}

export function asText(raw: Uint8Array): string {
  return latin1.decode(raw);
}

// ---------------------------------------------------------------------------------------
// The two doors

export interface InboundAnswer {
  status: 'stored' | 'duplicate';
  inbound_email_id: string;
  message_id?: string | null;
  conversation_id?: string | null;
  classification?: string;
  thread_rule?: string | null;
  processing_error?: string;
}

export async function postInbound(
  t: TestContext,
  raw: BodyInit,
  envelope: { from?: string | null; to?: string | null } = {},
): Promise<{ status: number; body: InboundAnswer & { error?: { code: string; message: string } } }> {
  const query = new URLSearchParams();
  if (envelope.from !== undefined && envelope.from !== null) query.set('from', envelope.from);
  if (envelope.to !== undefined && envelope.to !== null) query.set('to', envelope.to);
  const res = await createApp(t.deps).request(`/inbound/mime?${query}`, {
    method: 'POST',
    body: raw,
    headers: { authorization: `Bearer ${TEST_INBOUND_SECRET}`, 'content-type': 'message/rfc822' },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** POST, expecting 202; returns the answer. */
export async function deliver(
  t: TestContext,
  raw: Uint8Array<ArrayBuffer>,
  envelope: { from?: string | null; to?: string | null } = {},
): Promise<InboundAnswer> {
  const res = await postInbound(t, raw, envelope);
  if (res.status !== 202) throw new Error(`POST /inbound/mime answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export function receive(t: TestContext, raw: Uint8Array<ArrayBuffer>, envelope: Partial<Envelope> = {}) {
  return receiveEmail(t.deps, raw, { from: envelope.from ?? null, to: envelope.to ?? null }, 'http');
}

// ---------------------------------------------------------------------------------------
// Outbound mail to answer

export interface Sent {
  messageId: string;
  conversationId: string;
  /** Message-ID header without angle brackets, e.g. msg_…@reply.acme.example */
  messageIdHeader: string;
  /** reply+<token>@reply.acme.example */
  replyAddress: string;
  token: string;
}

export async function send(t: TestContext, input: SendMessageInput): Promise<Sent> {
  const { message } = await sendMessage(t.deps, input);
  const replyAddress = message.headers?.['Reply-To'];
  if (!replyAddress) throw new Error('sent message has no Reply-To');
  const token = /^reply\+([^@]+)@/.exec(replyAddress)![1]!;
  return { messageId: message.id, conversationId: message.conversationId!, messageIdHeader: message.messageIdHeader!, replyAddress, token };
}

/** A reply address with one character of its token changed (a forged or damaged token). */
export function alteredReplyAddress(sent: Sent, position: 'mac' | 'id' = 'mac'): string {
  const token = sent.token;
  const index = position === 'mac' ? token.length - 3 : token.indexOf('_') + 5;
  const char = token[index]!;
  const replacement = char === 'a' ? 'b' : char === '2' ? '3' : /[0-9]/.test(char) ? String((Number(char) + 1) % 10) : 'a';
  return `reply+${token.slice(0, index)}${replacement}${token.slice(index + 1)}@${INBOUND_DOMAIN}`;
}

// ---------------------------------------------------------------------------------------
// Rows

export async function messageRow(t: TestContext, id: string) {
  const [row] = await t.deps.db.select().from(messages).where(eq(messages.id, id));
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

export async function conversationRow(t: TestContext, id: string | null) {
  const [row] = id ? await t.deps.db.select().from(conversations).where(eq(conversations.id, id)) : [];
  if (!row) throw new Error(`no conversation ${id}`);
  return row;
}

export async function contactRow(t: TestContext, email: string) {
  const [row] = await t.deps.db.select().from(contacts).where(eq(contacts.email, email));
  return row;
}

export async function inboundRow(t: TestContext, id: string) {
  const [row] = await t.deps.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
  if (!row) throw new Error(`no inbound email ${id}`);
  return row;
}

export async function attachmentRows(t: TestContext, messageId: string) {
  return t.deps.db.select().from(attachments).where(eq(attachments.messageId, messageId)).orderBy(asc(attachments.id));
}

/** A blob's file in the test's file store, checked against the size and SHA-256 its row keeps. */
function blobFile(t: TestContext, key: string | null, size: number, sha256: string | null, what: string): Buffer {
  if (!key) throw new Error(`${what} has no blob key`);
  const bytes = readFileSync(join(t.blobDir, key));
  if (bytes.byteLength !== size) throw new Error(`${what}: blob is ${bytes.byteLength} bytes, the row says ${size}`);
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error(`${what}: blob does not match the row's sha256`);
  return bytes;
}

/** The raw message a kept row points at, read from the blob store's files (its own column is empty). */
export function keptRaw(
  t: TestContext,
  row: { id: string; raw: Buffer; rawKey: string | null; rawSize: number; rawSha256: string | null },
) {
  if (row.raw.byteLength !== 0) throw new Error(`inbound ${row.id} still holds its raw message in the database`);
  return blobFile(t, row.rawKey, row.rawSize, row.rawSha256, `inbound ${row.id}`);
}

/** An attachment's kept content, read from the blob store's files (null when it was not kept). */
export function keptContent(
  t: TestContext,
  row: { id: string; content: Buffer | null; contentKey: string | null; size: number; contentSha256: string | null },
) {
  if (row.content) throw new Error(`attachment ${row.id} holds its content in the database`);
  return row.contentKey ? blobFile(t, row.contentKey, row.size, row.contentSha256, `attachment ${row.id}`) : null;
}

export async function suppressionRow(t: TestContext, email: string) {
  const [row] = await t.deps.db.select().from(suppressions).where(eq(suppressions.email, email));
  return row;
}

export async function inboundMessages(t: TestContext) {
  return t.deps.db.select().from(messages).where(eq(messages.direction, 'in')).orderBy(asc(messages.createdAt), asc(messages.id));
}

/** The stored message of a processed delivery (fails loudly when processing did not store one). */
export async function storedMessage(t: TestContext, answer: InboundAnswer) {
  if (!answer.message_id) throw new Error(`no message stored: ${JSON.stringify(answer)}`);
  return messageRow(t, answer.message_id);
}

// ---------------------------------------------------------------------------------------
// Generated messages (too big to keep as files)

export interface GeneratedAttachment {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Deterministic pseudo-random bytes (incompressible, like a photo or a scanned PDF). */
export function noise(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/**
 * An Outlook-style multipart/mixed message from a Swedish customer with the given attachments
 * (base64, as Outlook sends them).
 */
export function messageWithAttachments(
  parts: GeneratedAttachment[],
  options: { messageId?: string; from?: string; subject?: string } = {},
): Uint8Array<ArrayBuffer> {
  const boundary = '_004_AM0PR06MB47853C4D5E6F7A8B9C0D1E2F3A4B5AM0PR06MB4785eurp_';
  const head = [
    'Received: from EUR05-VI1-obe.outbound.protection.outlook.com (mail-vi1eur05on2074.outbound.protection.outlook.com [40.107.21.74])',
    '\tby mx.cloudflare.net (Postfix) with ESMTPS id 2c3d4e5f6a',
    '\tfor <support@acme.example>; Mon, 23 Nov 2026 13:10:02 +0000 (UTC)',
    `From: ${options.from ?? 'Erik Johansson <erik.johansson@foretaget.example.se>'}`,
    'To: Acme Support <support@acme.example>',
    `Subject: ${options.subject ?? '=?utf-8?B?UmVrbGFtYXRpb246IGJpbGRlciBww6UgbGV2ZXJhbnNlbg==?='}`,
    'Thread-Topic: Reklamation',
    'Date: Mon, 23 Nov 2026 13:10:00 +0000',
    `Message-ID: <${options.messageId ?? 'AM0PR06MB47853C4D5E6F7A8B9C0D1E2F3A4B5@AM0PR06MB4785.eurprd06.prod.outlook.com'}>`,
    'Accept-Language: sv-SE, en-US',
    'Content-Language: sv-SE',
    'X-MS-Has-Attach: yes',
    'X-MS-TNEF-Correlator:',
    `Content-Type: multipart/mixed;\r\n\tboundary="${boundary}"`,
    'MIME-Version: 1.0',
  ].join('\r\n');
  const text = 'Hej,\r\n\r\nSe bifogade filer.\r\n\r\nMvh\r\nErik\r\n';
  let body = `--${boundary}\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;
  for (const part of parts) {
    body +=
      `--${boundary}\r\n` +
      `Content-Type: ${part.contentType}; name="${part.filename}"\r\n` +
      `Content-Description: ${part.filename}\r\n` +
      `Content-Disposition: attachment; filename="${part.filename}"; size=${part.bytes.byteLength};\r\n` +
      `\tcreation-date="Mon, 23 Nov 2026 13:09:41 GMT";\r\n\tmodification-date="Mon, 23 Nov 2026 13:09:41 GMT"\r\n` +
      'Content-Transfer-Encoding: base64\r\n\r\n' +
      base64Lines(part.bytes) +
      '\r\n';
  }
  body += `--${boundary}--\r\n`;
  return binaryToBytes(`${head}\r\n\r\n${body}`);
}
