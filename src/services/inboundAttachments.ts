// An inbound message's attachments: the ones the policy keeps go to the blob store (views over
// postal-mime's decoded buffers, no copies); the rows keep key, size and SHA-256.
import type { Deps } from '../deps.ts';
import { decideAttachments } from '../domain/inbound/attachment-policy.ts';
import { stripAngles } from '../domain/inbound/threading/message-ids.ts';
import { utf8 } from '../domain/encoding.ts';
import type { Email } from '../mail/parse.ts';
import type { NewAttachment } from '../store/inbound-pipeline.ts';
import { discardBlobs, storeBlob } from './blobs.ts';

function contentBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return utf8(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** Writes the kept attachments' blobs and returns their rows; on a failed write the ones written are removed. */
export async function storeAttachments(deps: Deps, email: Email, messageId: string, now: number): Promise<NewAttachment[]> {
  const contents = email.attachments.map((a) => contentBytes(a.content));
  const decisions = decideAttachments(contents.map((c) => c.byteLength));
  const rows: NewAttachment[] = [];
  try {
    for (const [i, a] of email.attachments.entries()) {
      const decision = decisions[i]!;
      const blob = decision.keep ? await storeBlob(deps, 'att', contents[i]!) : null;
      rows.push({
        id: deps.ids.next('att'),
        messageId,
        filename: a.filename,
        contentType: a.mimeType,
        size: contents[i]!.byteLength,
        contentId: stripAngles(a.contentId),
        disposition: a.disposition === 'inline' || a.related ? 'inline' : 'attachment',
        contentKey: blob?.key ?? null,
        contentSha256: blob?.sha256 ?? null,
        skippedReason: decision.reason,
        createdAt: now,
      });
    }
  } catch (error) {
    await discardAttachmentBlobs(deps, rows);
    throw error;
  }
  return rows;
}

/** The blobs of attachment rows that were not committed. */
export function discardAttachmentBlobs(deps: Deps, rows: NewAttachment[]): Promise<void> {
  return discardBlobs(
    deps,
    rows.flatMap((r) => (r.contentKey ? [r.contentKey] : [])),
  );
}
