import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { getAttachment, type AttachmentRow } from '../store/attachments.ts';

export async function getAttachmentContent(deps: Deps, id: string): Promise<AttachmentRow & { content: Uint8Array }> {
  const attachment = await getAttachment(deps.db, id);
  if (!attachment) throw new AppError('NotFound', `no attachment with id ${id}`);
  if (!attachment.content) throw new AppError('NotFound', `attachment ${id} was not kept: ${attachment.skippedReason ?? 'no content'}`);
  return attachment as AttachmentRow & { content: Uint8Array };
}
