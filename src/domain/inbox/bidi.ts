// Bidirectional-text safety for what agents see. A U+202E (RIGHT-TO-LEFT OVERRIDE) in a
// filename makes `invoice\u202Efdp.exe` render as "invoiceexe.pdf"; names and subjects in
// Hebrew or Arabic must not reorder the text around them. Pure functions, no DOM.

/** The invisible characters that change the display order of text (Unicode UAX #9), and their markers. */
export const BIDI_CONTROLS: Readonly<Record<string, string>> = {
  '\u202a': 'LRE',
  '\u202b': 'RLE',
  '\u202c': 'PDF',
  '\u202d': 'LRO',
  '\u202e': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
  '\u200e': 'LRM',
  '\u200f': 'RLM',
  '\u061c': 'ALM',
};

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROL.source).test(text);
}

/** Replaces each bidi control with a visible marker such as ⟨RLO⟩, so `invoice\u202Efdp.exe` shows as `invoice⟨RLO⟩fdp.exe`. */
export function revealBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, (char) => `⟨${BIDI_CONTROLS[char]}⟩`);
}

/** The revealed text in pieces, markers apart, for a renderer that styles the markers. */
export function bidiParts(text: string): { text: string; control: boolean }[] {
  const parts: { text: string; control: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(BIDI_CONTROL)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), control: false });
    parts.push({ text: `⟨${BIDI_CONTROLS[match[0]]}⟩`, control: true });
    last = match.index + 1;
  }
  if (last < text.length) parts.push({ text: text.slice(last), control: false });
  return parts;
}

/**
 * Wraps text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, for places where no element
 * can isolate it (a <title>, an attribute, an <option>): its direction is its own, and any
 * override inside ends at the PDI.
 */
export function isolateText(text: string): string {
  return `\u2068${text}\u2069`;
}
