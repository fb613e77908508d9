// A broadcast's progress: counts of its recipients by state (broadcast_recipients joined with their
// messages), once, or as NDJSON lines: one when the counts change, until the broadcast is done or the
// stream has run for its longest time (the client then asks again). A web ReadableStream, so it runs the
// same on Node, Deno and Workers.
import type { Deps } from '../deps.ts';
import { type BroadcastProgress, summarizeProgress } from '../domain/broadcasts/progress.ts';
import { countRecipients } from '../store/broadcast-recipients.ts';
import { finishBroadcastQuery } from './broadcastPlanning.ts';
import { getBroadcast } from './broadcasts.ts';

/** The counts; a sending broadcast they show done (the outbox took the last message) is marked sent here. */
export async function getBroadcastProgress(deps: Deps, id: string): Promise<BroadcastProgress & { id: string }> {
  const broadcast = await getBroadcast(deps, id);
  const progress = summarizeProgress(broadcast.status, broadcast.plannedAt !== null, await countRecipients(deps.db, id));
  if (progress.done && progress.status === 'sending' && (await finishBroadcastQuery(deps, id, deps.clock.now()))) progress.status = 'sent';
  return { id, ...progress };
}

export interface StreamOptions {
  /** How often the counts are read. */
  intervalMs?: number;
  /** The longest a stream runs; it then ends, and the client reconnects. */
  maxMs?: number;
  /** Waiting between reads (tests pass one that does not wait for real). */
  sleep?: (ms: number) => Promise<void>;
}

export const STREAM_INTERVAL_MS = 1000;
export const STREAM_MAX_MS = 60_000;
/** An unchanged line is sent again after this long, so proxies and the client see the stream is alive. */
const KEEPALIVE_MS = 15_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** NDJSON progress lines; 404 comes before the stream starts. The length of the stream is counted in reads, not by a clock. */
export async function streamBroadcastProgress(deps: Deps, id: string, options: StreamOptions = {}): Promise<ReadableStream<Uint8Array>> {
  const intervalMs = options.intervalMs ?? STREAM_INTERVAL_MS;
  const reads = Math.max(1, Math.ceil((options.maxMs ?? STREAM_MAX_MS) / intervalMs));
  const keepalive = Math.max(1, Math.round(KEEPALIVE_MS / intervalMs));
  const sleep = options.sleep ?? realSleep;
  const encoder = new TextEncoder();
  const first = await getBroadcastProgress(deps, id);
  let read = 0;
  let last = '';
  let unchanged = 0;
  let cancelled = false;
  // Pulled: the next read happens only once the client took the line before (backpressure).
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (!cancelled) {
        if (read > 0) await sleep(intervalMs);
        if (cancelled) return;
        const progress = read === 0 ? first : await getBroadcastProgress(deps, id);
        read++;
        const line = JSON.stringify(progress);
        const send = line !== last || ++unchanged >= keepalive;
        if (send) {
          controller.enqueue(encoder.encode(`${line}\n`));
          last = line;
          unchanged = 0;
        }
        if (progress.done || read >= reads) {
          controller.close();
          return;
        }
        if (send) return;
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}
