// Form and query fields of the team features that the shared inbox routes read: the list's tag
// filter and bulk result line, and the files of a reply.
import type { Context } from 'hono';
import * as v from 'valibot';
import { normalizeTag } from '../../domain/inbox/tags.ts';
import type { ReplyAttachmentInput } from '../../services/replyAttachments.ts';
import type { BulkOutcome } from './team-components.tsx';

/** `?tag=`: blank is no filter; anything else is normalised like a tag, or a 400 naming `tag`. */
export const TagFilterField = v.pipe(
  v.optional(v.string(), ''),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (dataset.value.trim() === '') return undefined;
    const result = normalizeTag(dataset.value);
    if (result.ok) return result.tag;
    addIssue({ message: result.message });
    return NEVER;
  }),
);

/** What the list says after a bulk action (`?done=close&count=12`). */
export const BulkOutcomeQuery = {
  done: v.optional(v.picklist(['assign', 'close', 'tag', 'unread'], 'expected assign, close, tag or unread')),
  count: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'expected a number'), v.transform(Number))),
  detail: v.optional(v.pipe(v.string(), v.maxLength(200, 'expected at most 200 characters'))),
};

export function bulkOutcome(query: { done?: string | undefined; count?: number | undefined; detail?: string | undefined }) {
  if (!query.done || query.count === undefined) return undefined;
  return { action: query.done, count: query.count, detail: query.detail ?? null } satisfies BulkOutcome;
}

/** The files of a reply form (multipart); an empty file input sends one nameless, empty file, which is none. */
export async function replyFiles(c: Context): Promise<ReplyAttachmentInput[]> {
  if (!(c.req.header('content-type') ?? '').includes('multipart/form-data')) return [];
  const body = await c.req.parseBody({ all: true });
  const given = body.attachments;
  const files = (Array.isArray(given) ? given : given === undefined ? [] : [given]).filter(
    (f): f is File => typeof f !== 'string' && (f.size > 0 || f.name !== ''),
  );
  return Promise.all(files.map(async (f) => ({ filename: f.name, contentType: f.type, content: new Uint8Array(await f.arrayBuffer()) })));
}
