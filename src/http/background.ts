import type { Context } from 'hono';
import type { Deps } from '../deps.ts';
import { errorFields } from '../log.ts';

/**
 * Work that should not hold up the response: on Workers it is kept alive with waitUntil,
 * on Node and Deno the process is long-lived anyway.
 */
export function inBackground(c: Context, deps: Deps, what: string, work: () => Promise<unknown>): void {
  const task = work().catch((error) => deps.log.error(`background: ${what} failed`, errorFields(error)));
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    // No execution context outside Workers: the promise runs on by itself.
  }
}
