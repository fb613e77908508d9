// Files an agent attaches to a reply: how many, how large together, and what they are called on the
// wire. Resend takes at most 40 MB per message after base64; 10 MiB of files keeps far below that.

export const MAX_REPLY_ATTACHMENTS = 10;
export const MAX_REPLY_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface ReplyFile {
  filename: string;
  contentType: string;
  size: number;
}

export interface FileIssue {
  field: string;
  message: string;
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** What is wrong with the files as a set (count, total size), or null. */
export function replyFilesProblem(files: readonly ReplyFile[]): FileIssue | null {
  if (files.length > MAX_REPLY_ATTACHMENTS)
    return { field: 'attachments', message: `expected at most ${MAX_REPLY_ATTACHMENTS} files; ${files.length} were attached` };
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_REPLY_ATTACHMENT_BYTES) {
    return {
      field: 'attachments',
      message:
        `expected at most ${mebibytes(MAX_REPLY_ATTACHMENT_BYTES)} of files per message; these add up to ${mebibytes(total)}. ` +
        'Attach fewer or smaller files, or share a link instead',
    };
  }
  return null;
}

/** A file name safe in a MIME header and on any disk: no path, no control characters, at most 150 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  const chars = [...(cleaned || 'attachment')];
  if (chars.length <= 150) return chars.join('');
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, 150 - ext.length).join('') + ext;
}

/** The declared type when it looks like a MIME type, else application/octet-stream. */
export function safeContentType(type: string): string {
  const t = type.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(t) ? t : 'application/octet-stream';
}
