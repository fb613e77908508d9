// An agent's reply as it goes out: the text the agent wrote, their signature after the usual "-- "
// line (RFC 3676's signature separator, so mail clients dim or trim it), and the same as HTML.

export const SIGNATURE_SEPARATOR = '-- ';

export interface ReplyBody {
  /** The text part: the reply, then the signature block. */
  text: string;
  /** The HTML part: paragraphs of the reply, then the signature in a muted block. */
  html: string;
  /** What the agent wrote (shown as the message body in the thread). */
  replyText: string;
  /** The signature appended, or null. */
  signature: string | null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The reply with the signature (when there is one and the agent kept "add signature" ticked). */
export function replyBody(text: string, signature: string | null | undefined): ReplyBody {
  const reply = text.replace(/\r\n?/g, '\n').trim();
  const sig = signature?.replace(/\r\n?/g, '\n').trim() || null;
  const textPart = sig ? `${reply}\n\n${SIGNATURE_SEPARATOR}\n${sig}` : reply;
  const sigHtml = sig
    ? `\n<div class="signature" style="color:#5a6478">${SIGNATURE_SEPARATOR}<br>${escapeHtml(sig).replace(/\n/g, '<br>')}</div>`
    : '';
  return {
    text: textPart,
    html: `<div dir="auto">\n${paragraphs(reply)}${sigHtml}\n</div>`,
    replyText: reply,
    signature: sig,
  };
}
