// Decoding of text/plain; format=flowed (RFC 3676). postal-mime 4 joins every line ending in a
// space with the next one, whatever their quote depth: "> Hi " + "Hello" becomes "> Hi Hello",
// and the reply below a quote is lost in it. Here a soft break only joins lines of the same
// quote depth (RFC 3676 4.5), and the continuation's own ">" marks and stuffing go.

const QUOTE_MARKS = /^>*/;

/**
 * Unwraps flowed text: a line ending in a space continues on the next line of the same quote
 * depth; "-- " (the signature separator) never does. With `delSp` (DelSp=yes) the space before a
 * soft break is removed too. A line's own quote marks and one stuffing space after them are
 * kept on the first line of each paragraph and dropped from its continuations.
 */
export function decodeFlowed(text: string, delSp: boolean): string {
  const out: string[] = [];
  let open = false;
  let openDepth = 0;
  for (const line of text.split(/\r?\n/)) {
    const depth = (QUOTE_MARKS.exec(line)?.[0] ?? '').length;
    const stuffed = line.charAt(depth) === ' ';
    const content = line.slice(depth + (stuffed ? 1 : 0));
    const flowed = content.endsWith(' ') && content !== '-- ';
    if (open && depth === openDepth) {
      const last = out.length - 1;
      const head = out[last] as string;
      out[last] = (delSp ? head.slice(0, -1) : head) + content;
    } else {
      // a depth-0 line keeps no stuffing space; a quoted one keeps its "> " prefix as written
      out.push(depth === 0 ? content : line.slice(0, depth + (stuffed ? 1 : 0)) + content);
    }
    open = flowed;
    openDepth = depth;
  }
  return out.join('\n');
}
