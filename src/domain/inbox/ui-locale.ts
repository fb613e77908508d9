// Which language the inbox speaks to an agent: their own choice, else the browser's first supported language.

/** Language tags from an Accept-Language header, best first (`sv-SE,sv;q=0.9,en;q=0.5` → sv-SE, sv, en). */
export function acceptedLanguages(header: string | undefined | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => x.tag !== '' && x.tag !== '*' && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((x) => x.tag);
}

/** The first of `supported` that the agent chose or the browser accepts (by primary subtag), else the first supported. */
export function negotiateUiLocale<L extends string>(
  chosen: string | null | undefined,
  acceptLanguage: string | undefined | null,
  supported: readonly L[],
): L {
  const primary = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';
  for (const tag of [chosen ?? '', ...acceptedLanguages(acceptLanguage)]) {
    const match = supported.find((s) => s === primary(tag));
    if (match) return match;
  }
  return supported[0] as L;
}
