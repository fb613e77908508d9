/** The first line of a message (quotes skipped), shortened for lists. */
export function previewLine(text: string | null | undefined, max = 140): string {
  const line =
    (text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('>')) ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
