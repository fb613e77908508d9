// Some runtimes (Node 20.18.3+/22.13+, workerd) decode windows-1252 as plain Latin-1, so
// € „ “ ” – ’ œ … arrive as invisible C1 control characters (nodejs/node#60888,
// cloudflare/workerd#6027). The WHATWG label set sends iso-8859-1 and us-ascii to the same
// decoder. The wrong decode keeps each byte's value, so it can be undone after parsing.
const CP1252_C1 = [
  '€',
  '\u0081',
  '‚',
  'ƒ',
  '„',
  '…',
  '†',
  '‡',
  'ˆ',
  '‰',
  'Š',
  '‹',
  'Œ',
  '\u008d',
  'Ž',
  '\u008f',
  '\u0090',
  '‘',
  '’',
  '“',
  '”',
  '•',
  '–',
  '—',
  '˜',
  '™',
  'š',
  '›',
  'œ',
  '\u009d',
  'ž',
  'Ÿ',
];

/** True when this runtime's TextDecoder has the Latin-1-for-windows-1252 bug. */
export const WINDOWS_1252_DECODER_IS_BROKEN = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '€';

/** Maps C1 controls (U+0080–U+009F) to the windows-1252 characters their bytes meant. */
export function repairWindows1252(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!) : text;
}
