// Turning what an agent typed into search terms, and showing where a hit matched.
const MAX_TERMS = 8;

/** Whitespace-separated terms ("quoted phrases" kept whole), lower-cased, at most 8. */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.normalize('NFC').matchAll(/"([^"]+)"|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? '').trim().toLowerCase();
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms.slice(0, MAX_TERMS);
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** A window of text around the first term found, split into matched and plain parts. */
export function snippetParts(text: string, terms: string[], radius = 60): SnippetPart[] {
  const lower = text.toLowerCase();
  let first = -1;
  for (const term of terms) {
    const at = lower.indexOf(term);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  const start = first === -1 ? 0 : Math.max(0, first - radius);
  const end = Math.min(text.length, (first === -1 ? 0 : first) + radius * 2);
  const window = text.slice(start, end).replace(/\s+/g, ' ');
  const parts: SnippetPart[] = [];
  const lowerWindow = window.toLowerCase();
  let cursor = 0;
  while (cursor < window.length) {
    let next = -1;
    let length = 0;
    for (const term of terms) {
      const at = lowerWindow.indexOf(term, cursor);
      if (at !== -1 && (next === -1 || at < next)) {
        next = at;
        length = term.length;
      }
    }
    if (next === -1) {
      parts.push({ text: window.slice(cursor), match: false });
      break;
    }
    if (next > cursor) parts.push({ text: window.slice(cursor, next), match: false });
    parts.push({ text: window.slice(next, next + length), match: true });
    cursor = next + length;
  }
  if (start > 0) parts.unshift({ text: '…', match: false });
  if (end < text.length) parts.push({ text: '…', match: false });
  return parts;
}
