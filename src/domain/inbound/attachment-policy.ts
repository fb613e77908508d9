// Which attachments are kept. Everything is listed; content over the limits is not stored,
// and the reason is shown to the agent.
export const MAX_ATTACHMENTS = 25;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_TOTAL_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachmentDecision {
  keep: boolean;
  reason: string | null;
}

export function decideAttachments(sizes: number[]): AttachmentDecision[] {
  let total = 0;
  return sizes.map((size, index) => {
    if (index >= MAX_ATTACHMENTS) return { keep: false, reason: `more than ${MAX_ATTACHMENTS} attachments; this one was not kept` };
    if (size > MAX_ATTACHMENT_BYTES)
      return { keep: false, reason: `${size} bytes is over the ${MAX_ATTACHMENT_BYTES}-byte limit per attachment` };
    if (total + size > MAX_TOTAL_ATTACHMENT_BYTES)
      return { keep: false, reason: `attachments together exceed ${MAX_TOTAL_ATTACHMENT_BYTES} bytes; this one was not kept` };
    total += size;
    return { keep: true, reason: null };
  });
}

/** Rewrites cid: references in HTML to URLs of the stored inline parts. */
export function resolveCidReferences(html: string, urlForContentId: (contentId: string) => string | null): string {
  return html.replace(/(["'(])cid:([^"')\s]+)/gi, (whole, open: string, id: string) => {
    const url = urlForContentId(decodeURIComponent(id).replace(/^<|>$/g, ''));
    return url ? `${open}${url}` : whole;
  });
}
