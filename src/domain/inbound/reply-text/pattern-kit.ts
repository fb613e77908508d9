/** Shared building blocks of the reply-text line patterns. */

/** A letter, digit or underscore in any script: a Unicode-aware `\w`. */
export const W = '[\\p{L}\\p{N}_]';

/** `alts` as whole words (Unicode-aware `\b…\b`). */
export const word = (alts: string): string => `(?<!${W})(?:${alts})(?!${W})`;

/** A line pattern plus the lower-case literals one of which it needs (checked first, cheaply). */
export interface LinePattern {
  source: string;
  need: readonly string[];
}

export interface CompiledPattern {
  re: RegExp;
  need: readonly string[];
}

export const compile = (patterns: readonly LinePattern[], flags: string): CompiledPattern[] =>
  patterns.map((p) => ({ re: new RegExp(p.source, flags), need: p.need }));

/** Whether a lower-cased line contains one of the literals the pattern needs. */
export function needs(p: CompiledPattern, lower: string): boolean {
  const need = p.need;
  for (let i = 0; i < need.length; i++) if (lower.includes(need[i] as string)) return true;
  return false;
}
