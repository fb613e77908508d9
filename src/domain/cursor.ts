// Opaque keyset cursors: "<number>.<id>" in base64url, so clients cannot depend on the shape.
import { AppError } from './errors.ts';
import { fromBase64Url, toBase64Url, utf8 } from './encoding.ts';

export function encodeCursor(position: number, id: string): string {
  return toBase64Url(utf8(`${position}.${id}`));
}

export function decodeCursor(cursor: string): { position: number; id: string } {
  let text = '';
  try {
    text = new TextDecoder().decode(fromBase64Url(cursor));
  } catch {
    // reported below
  }
  // An id may carry a decision suffix: an agent follow-up's decisions are "<job id>.scheduled", ".sent", ".stopped".
  const match = /^(\d+)\.([a-z]+_[0-9A-Z]+(?:\.[a-z]+)?)$/.exec(text);
  if (!match)
    throw new AppError('ValidationFailed', 'invalid cursor', [{ field: 'cursor', message: 'expected the next_cursor of a previous page' }]);
  return { position: Number(match[1]), id: match[2]! };
}
