import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { getAttachment, type AttachmentMeta } from '../store/attachments.ts';
import { readBlob } from './blobs.ts';

/** An attachment with its content, read from the blob store (or, not yet moved there, from its row). */
export async function getAttachmentContent(deps: Deps, id: string): Promise<AttachmentMeta & { content: Uint8Array }> {
  const attachment = await getAttachment(deps.db, id);
  if (!attachment) throw new AppError('NotFound', `no attachment with id ${id}`);
  const { content, contentKey, contentSha256, ...meta } = attachment;
  if (contentKey) {
    const ref = { key: contentKey, size: attachment.size, sha256: contentSha256 ?? '' };
    return { ...meta, content: await readBlob(deps, ref, `the content of attachment ${id}`) };
  }
  if (!content) throw new AppError('NotFound', `attachment ${id} was not kept: ${attachment.skippedReason ?? 'no content'}`);
  return { ...meta, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength) };
}
