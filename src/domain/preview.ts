/**
 * The start of a message as one line for lists: its lines joined (so a bare "Hi!" greeting
 * is followed by what the person actually asked), quotes skipped, shortened with "…".
 */
export function previewLine(text: string | null | undefined, max = 140): string {
  const line = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('>'))
    .join(' ');
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
