// Mail saved by old Mac tools (and some archives) ends its lines with a bare CR. MIME parsers,
// postal-mime included, split lines at LF, so such a message reads as one endless header line
// and nothing in it is found. Rewriting its line ends to CRLF makes it ordinary mail.

const CR = 0x0d;
const LF = 0x0a;
/** How far into a message its first line break is looked for. */
const LINE_END_SCAN_LIMIT = 64 * 1024;

/** True when the raw message's first line break is a bare CR (no LF follows it). */
export function hasBareCrLineEndings(raw: Uint8Array): boolean {
  const end = Math.min(raw.length, LINE_END_SCAN_LIMIT);
  for (let i = 0; i < end; i++) {
    if (raw[i] === LF) return false;
    if (raw[i] === CR) return raw[i + 1] !== LF;
  }
  return false;
}

/**
 * The raw message with bare-CR line ends rewritten to CRLF. Only a message whose line breaks
 * are bare CRs is touched (a CR inside a CRLF or LF message may be data); any other message
 * comes back as the same array, uncopied.
 */
export function normalizeLineEndings(raw: Uint8Array): Uint8Array {
  if (!hasBareCrLineEndings(raw)) return raw;
  let bare = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i] === CR && raw[i + 1] !== LF) bare++;
  const out = new Uint8Array(raw.length + bare);
  let o = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    out[o++] = byte;
    if (byte === CR && raw[i + 1] !== LF) out[o++] = LF;
  }
  return out;
}
