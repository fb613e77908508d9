// Finding a saved reply (an FAQ entry) from what an agent types in the composer's picker: words of its
// questions, answers and tags, in any of its locales, through the FAQ matcher's tokenizer (stemming,
// every script) and MiniSearch (BM25, prefixes, one typo on longer words). `#refund` or `tag:refund`
// keeps the entries with that tag. Pure: the service loads the entries and renders the answers.
import MiniSearch from 'minisearch';
import { tokenize } from '../faq/tokenize.ts';
import { normalizeTag } from './tags.ts';

export interface SavedReplySource {
  id: string;
  questions: Readonly<Record<string, readonly string[]>>;
  answers: Readonly<Record<string, string>>;
  tags: readonly string[];
}

export interface SavedReplyQuery {
  words: string;
  tags: string[];
}

/** Splits the picker's text into tag filters (`#x`, `tag:x`) and words. */
export function parseSavedReplyQuery(text: string): SavedReplyQuery {
  const tags: string[] = [];
  const words = text.replace(/(?:^|\s)(?:#|tag:)(\S+)/giu, (_whole, raw: string) => {
    const tag = normalizeTag(raw);
    if (tag.ok) tags.push(tag.tag);
    return ' ';
  });
  return { words: words.trim(), tags };
}

interface Doc {
  id: string;
  text: string;
}

const SPACE = ' ';

function normalizedTags(entry: SavedReplySource): string[] {
  return entry.tags.map((t) => {
    const result = normalizeTag(t);
    return result.ok ? result.tag : t.toLowerCase();
  });
}

function localesOf(entries: readonly SavedReplySource[]): string[] {
  return [...new Set(entries.flatMap((e) => [...Object.keys(e.questions), ...Object.keys(e.answers)]))];
}

function indexText(entry: SavedReplySource): string {
  const terms = [
    ...Object.entries(entry.questions).flatMap(([locale, qs]) => qs.flatMap((q) => tokenize(q, locale))),
    ...Object.entries(entry.answers).flatMap(([locale, a]) => tokenize(a, locale)),
    ...normalizedTags(entry).flatMap((t) => [t, ...t.split(/[-_/.]/)]),
    ...entry.id.split(/[-_]/),
  ];
  return terms.map((t) => t.toLowerCase()).join(SPACE);
}

const indexes = new WeakMap<readonly SavedReplySource[], { search: MiniSearch<Doc>; locales: string[] }>();

function indexFor(entries: readonly SavedReplySource[]) {
  let index = indexes.get(entries);
  if (!index) {
    const search = new MiniSearch<Doc>({
      fields: ['text'],
      tokenize: (text) => text.split(SPACE).filter(Boolean),
      processTerm: (term) => term,
    });
    search.addAll(entries.map((e) => ({ id: e.id, text: indexText(e) })));
    index = { search, locales: localesOf(entries) };
    indexes.set(entries, index);
  }
  return index;
}

/** The entries that fit the query, best first; with no words, every entry (with the tags asked for) in list order. */
export function findSavedReplies<T extends SavedReplySource>(entries: readonly T[], text: string, limit = 20): T[] {
  const query = parseSavedReplyQuery(text);
  const tagged = entries.filter((e) => query.tags.every((t) => normalizedTags(e).includes(t)));
  if (!query.words) return tagged.slice(0, limit);
  const { search, locales } = indexFor(entries);
  const terms = [...new Set(['', ...locales].flatMap((locale) => tokenize(query.words, locale)))];
  if (terms.length === 0) return [];
  const allowed = new Set(tagged.map((e) => e.id));
  const byId = new Map(entries.map((e) => [e.id, e]));
  return search
    .search(terms.join(SPACE), { prefix: true, fuzzy: (term) => (term.length > 4 ? 1 : 0), combineWith: 'OR' })
    .filter((hit) => allowed.has(hit.id as string))
    .slice(0, limit)
    .map((hit) => byId.get(hit.id as string)!);
}
