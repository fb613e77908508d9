// An agent reply's files: checked as a set (count, total size: a clear error naming the limit), written
// to the blob store like inbound attachments, and rows for the attachments table once the message exists.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { replyFilesProblem, safeContentType, safeFilename } from '../domain/outbound/reply-attachments.ts';
import type { NewAttachment } from '../store/inbound-pipeline.ts';
import { discardBlobs, storeBlob } from './blobs.ts';

export interface ReplyAttachmentInput {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** An attachment stored in the blob store, waiting for its message's id. */
export type StoredReplyAttachment = Omit<NewAttachment, 'messageId'>;

export function assertReplyFiles(files: readonly ReplyAttachmentInput[]): void {
  const problem = replyFilesProblem(files.map((f) => ({ ...f, size: f.content.byteLength })));
  if (problem) throw new AppError('ValidationFailed', `the attachments cannot be sent: ${problem.message}`, [problem]);
}

/** Stores the files' content (all or none); the rows are for sendMessage's batch. */
export async function storeReplyAttachments(deps: Deps, files: readonly ReplyAttachmentInput[]): Promise<StoredReplyAttachment[]> {
  assertReplyFiles(files);
  const writes = await Promise.allSettled(files.map((f) => storeBlob(deps, 'att', f.content)));
  const failed = writes.find((w) => w.status === 'rejected');
  if (failed) {
    await discardBlobs(
      deps,
      writes.flatMap((w) => (w.status === 'fulfilled' ? [w.value.key] : [])),
    );
    throw failed.reason;
  }
  const now = deps.clock.now();
  return files.map((f, i) => {
    const blob = (writes[i] as PromiseFulfilledResult<{ key: string; sha256: string }>).value;
    return {
      id: deps.ids.next('att'),
      filename: safeFilename(f.filename),
      contentType: safeContentType(f.contentType),
      size: f.content.byteLength,
      contentId: null,
      disposition: 'attachment' as const,
      contentKey: blob.key,
      contentSha256: blob.sha256,
      skippedReason: null,
      createdAt: now,
    };
  });
}

export async function discardReplyAttachments(deps: Deps, stored: readonly StoredReplyAttachment[]): Promise<void> {
  await discardBlobs(
    deps,
    stored.flatMap((a) => (a.contentKey ? [a.contentKey] : [])),
  );
}
