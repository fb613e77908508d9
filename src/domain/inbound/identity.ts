// When two deliveries are the same message. A true redelivery (Email Routing retrying the
// same bytes, or one message reaching us by two routes) differs at most in what relays add
// on top: trace headers (Received, Delivered-To, Return-Path, ARC-*, Authentication-Results,
// a forwarder's DKIM-Signature) and sometimes line endings. A different message that reuses
// a Message-ID differs in what its author wrote. So "same content" is the body (line endings
// normalized) plus the author's From, To, Cc, Subject and Date.
import { utf8 } from '../encoding.ts';
import { sha256, type Sha256 } from '../sha256.ts';
import { readRawHeaders, readRawMessageId } from './raw-headers.ts';

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

const isTrailing = (byte: number) => byte === 0x0a || byte === 0x20 || byte === 0x09 || byte === 0x0d;
const CHUNK = 64 * 1024;

/**
 * Hashes the body with CRLF and LF alike and trailing blank lines and spaces dropped, through a
 * small buffer (a large message is not copied whole). The trailing run is the same before and
 * after dropping the CRs of CRLFs, as CR is itself a trailing byte, so it is cut off first.
 */
function hashNormalizedBody(hash: Sha256, body: Uint8Array): void {
  let end = body.length;
  while (end > 0 && isTrailing(body[end - 1]!)) end--;
  const chunk = new Uint8Array(Math.min(CHUNK, end));
  let n = 0;
  for (let i = 0; i < end; i++) {
    if (body[i] === 0x0d && body[i + 1] === 0x0a) continue;
    chunk[n++] = body[i]!;
    if (n === chunk.length) {
      hash.update(chunk);
      n = 0;
    }
  }
  if (n > 0) hash.update(chunk.subarray(0, n));
}

/** Hex SHA-256 of the author headers and the body; equal for a redelivery, different for another message. */
export async function inboundContentHash(raw: Uint8Array): Promise<string> {
  const values = readRawHeaders(raw, AUTHOR_HEADERS);
  const headers = AUTHOR_HEADERS.map((name) => `${name}:${(values[name] ?? '').replace(/\s+/g, ' ').trim()}\n`).join('');
  const hash = sha256().update(utf8(`${headers}\n`));
  hashNormalizedBody(hash, rawBody(raw));
  return hash.hex();
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
