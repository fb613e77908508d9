// One way to hand out an attachment, for the API and the inbox alike.
import type { Context } from 'hono';
import { revealBidiControls } from '../domain/inbox/bidi.ts';

interface AttachmentContent {
  id: string;
  filename: string | null;
  content: Uint8Array;
}

/**
 * Always a download, never rendered inline from our origin, sniffing off; saved under the name as
 * shown, with bidi controls as markers (an override would make invoice\u202Efdp.exe look like a PDF).
 */
export function attachmentDownload(c: Context, attachment: AttachmentContent): Response {
  const name = revealBidiControls(attachment.filename ?? attachment.id);
  return c.body(attachment.content as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    'x-content-type-options': 'nosniff',
  });
}
