// Conversation tags: free text, normalised so that "Refund", " refund " and "#refund" are one tag.
// Letters and digits of any script are kept (NFKC, lower-cased); runs of spaces become "-".

export const MAX_TAG_LENGTH = 40;
/** How many tags one conversation may carry. */
export const MAX_TAGS_PER_CONVERSATION = 20;

/** Letters, marks and digits of every script, and - _ / . inside a tag. */
const TAG_PATTERN = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}_./-]*[\p{L}\p{M}\p{N}])?$/u;

export type TagResult = { ok: true; tag: string } | { ok: false; message: string };

/** The tag as stored, or why the text cannot be one. */
export function normalizeTag(input: string): TagResult {
  const tag = input.normalize('NFKC').trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, '-').replace(/-{2,}/g, '-');
  if (!tag) return { ok: false, message: 'expected a tag (letters or digits)' };
  if ([...tag].length > MAX_TAG_LENGTH) return { ok: false, message: `expected a tag of at most ${MAX_TAG_LENGTH} characters` };
  if (!TAG_PATTERN.test(tag))
    return { ok: false, message: 'expected letters and digits, with - _ / . only between them (e.g. "refund" or "order-issue")' };
  return { ok: true, tag };
}

/** `tag:refund` in a search box: the tag asked for, or null when the query is something else. */
export function tagQuery(query: string): string | null {
  const match = /^\s*tag:(\S+)\s*$/i.exec(query);
  if (!match) return null;
  const result = normalizeTag(match[1]!);
  return result.ok ? result.tag : null;
}
