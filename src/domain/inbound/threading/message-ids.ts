// Message-ID lists as they appear in In-Reply-To and References headers.
/** The ids in a header value, in order, without angle brackets; tolerant of missing brackets. */
export function parseMessageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  if (bracketed.length) return bracketed;
  return value.split(/[\s,]+/).filter((part) => part.includes('@'));
}

export function stripAngles(id: string | null | undefined): string | null {
  if (!id) return null;
  const trimmed = id.trim().replace(/^<|>$/g, '').trim();
  return trimmed.length ? trimmed : null;
}
