// Request body limits, checked before anything reads or parses a body (and, for the large ones,
// after the route's cheap authentication). A declared Content-Length over the limit is refused at
// once; a body without one is cut off as soon as it passes the limit, so none is held whole.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../domain/errors.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

export const BODY_LIMITS = {
  form: 64 * KiB,
  json: 1 * MiB,
  webhook: 256 * KiB,
  csv: 64 * MiB,
  /**
   * An agent's reply with files: the use case allows 10 MiB of attachments and says so with the text kept;
   * the margin lets a request somewhat over that reach it, a far larger one is cut off here.
   */
  reply: 12 * MiB,
} as const;

function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 100) / 100} MiB` : `${bytes / KiB} KiB`;
}

export function tooLarge(maxSize: number, what: string): AppError {
  return new AppError('PayloadTooLarge', `request body too large: ${what} take at most ${formatBytes(maxSize)}`, [
    { field: 'body', message: `expected at most ${maxSize} bytes` },
  ]);
}

/** hono's bodyLimit with our error; buffers at most maxSize bytes (for bodies parsed whole anyway). */
export function limitBody(maxSize: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize, what);
    },
  });
}

/**
 * For bodies read as a stream (CSV import): refuses a declared Content-Length over the limit
 * and errors the stream once more than maxSize bytes went through it.
 */
export function limitStream(request: Request, maxSize: number, what: string): ReadableStream<Uint8Array> | null {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxSize) throw tooLarge(maxSize, what);
  if (!request.body) return null;
  let seen = 0;
  return request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxSize) controller.error(tooLarge(maxSize, what));
        else controller.enqueue(chunk);
      },
    }),
  );
}
