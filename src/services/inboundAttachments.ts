// An inbound message's attachments: the ones the policy keeps go to the blob store (views over
// postal-mime's decoded buffers, no copies); the rows keep key, size and SHA-256.
import type { Deps } from '../deps.ts';
import { decideAttachments } from '../domain/inbound/attachment-policy.ts';
import { stripAngles } from '../domain/inbound/threading/message-ids.ts';
import { utf8 } from '../domain/encoding.ts';
import type { Email } from '../mail/parse.ts';
import type { BlobRef } from '../store/blob-store.ts';
import type { NewAttachment } from '../store/inbound-pipeline.ts';
import { discardBlobs, storeBlob } from './blobs.ts';

function contentBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return utf8(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/**
 * Writes the kept attachments' blobs (at once) and returns their rows; when any write fails, the ones written are
 * removed and the failure is thrown. They are derived blobs: the raw message, durable before this runs, holds them.
 */
export async function storeAttachments(deps: Deps, email: Email, messageId: string, now: number): Promise<NewAttachment[]> {
  const contents = email.attachments.map((a) => contentBytes(a.content));
  const decisions = decideAttachments(contents.map((c) => c.byteLength));
  const writes = await Promise.allSettled(
    contents.map((bytes, i) => (decisions[i]!.keep ? storeBlob(deps, 'att', bytes, { derived: true }) : null)),
  );
  const failed = writes.find((w) => w.status === 'rejected');
  if (failed) {
    await discardBlobs(
      deps,
      writes.flatMap((w) => (w.status === 'fulfilled' && w.value ? [w.value.key] : [])),
    );
    throw failed.reason;
  }
  return email.attachments.map((a, i) => {
    const blob = (writes[i] as PromiseFulfilledResult<BlobRef | null>).value;
    return {
      id: deps.ids.next('att'),
      messageId,
      filename: a.filename,
      contentType: a.mimeType,
      size: contents[i]!.byteLength,
      contentId: stripAngles(a.contentId),
      disposition: a.disposition === 'inline' || a.related ? 'inline' : 'attachment',
      contentKey: blob?.key ?? null,
      contentSha256: blob?.sha256 ?? null,
      skippedReason: decisions[i]!.reason,
      createdAt: now,
    };
  });
}
