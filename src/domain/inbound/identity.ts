// When two deliveries are the same message. A true redelivery (Email Routing retrying the
// same bytes, or one message reaching us by two routes) differs at most in what relays add
// on top: trace headers (Received, Delivered-To, Return-Path, ARC-*, Authentication-Results,
// a forwarder's DKIM-Signature) and sometimes line endings. A different message that reuses
// a Message-ID differs in what its author wrote. So "same content" is the body (line endings
// normalized) plus the author's From, To, Cc, Subject and Date.
import { sha256Hex } from '../encoding.ts';
import { readRawHeader, readRawMessageId } from './raw-headers.ts';

const AUTHOR_HEADERS = ['from', 'to', 'cc', 'subject', 'date'] as const;

export const REUSED_MESSAGE_ID_FLAG = 'Message-ID reused by different content';

/** The bytes after the blank line that ends the header block (empty when there is none). */
function rawBody(raw: Uint8Array): Uint8Array {
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) return raw.subarray(i + 2);
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return raw.subarray(i + 3);
  }
  return new Uint8Array(0);
}

/** CRLF and LF alike, trailing blank lines and spaces dropped. */
function normalizedBody(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === 0x0d && body[i + 1] === 0x0a) continue;
    out[n++] = body[i]!;
  }
  while (n > 0 && (out[n - 1] === 0x0a || out[n - 1] === 0x20 || out[n - 1] === 0x09 || out[n - 1] === 0x0d)) n--;
  return out.slice(0, n);
}

/** Hex SHA-256 of the author headers and the body; equal for a redelivery, different for another message. */
export async function inboundContentHash(raw: Uint8Array): Promise<string> {
  const headers = AUTHOR_HEADERS.map((name) => `${name}:${(readRawHeader(raw, name) ?? '').replace(/\s+/g, ' ').trim()}\n`).join('');
  const head = new TextEncoder().encode(`${headers}\n`);
  const body = normalizedBody(rawBody(raw));
  const all = new Uint8Array(head.length + body.length);
  all.set(head);
  all.set(body, head.length);
  return sha256Hex(all);
}

export interface InboundIdentity {
  messageId: string | null;
  contentHash: string;
  /** The key a first delivery is kept under: its Message-ID, else its content. */
  dedupeKey: string;
}

export async function inboundIdentity(raw: Uint8Array): Promise<InboundIdentity> {
  const messageId = readRawMessageId(raw);
  const contentHash = await inboundContentHash(raw);
  return { messageId, contentHash, dedupeKey: messageId ? `mid:${messageId}` : `content:${contentHash}` };
}

/** The key of a different message that reuses a Message-ID already kept (a space never occurs in one). */
export function reusedMessageIdKey(identity: InboundIdentity): string {
  return `mid:${identity.messageId} content:${identity.contentHash}`;
}
