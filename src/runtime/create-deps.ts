// The one place Deps are put together: the Worker, Node and Deno hosts, the CLI, the tests and
// the benchmarks all build them here. What differs between hosts is handed in: the libSQL
// client (HTTP on Workers, openDatabaseClient on Node and Deno), the templates and the triggers
// (bundled into the Worker, read from disk elsewhere) and the blob store (R2, or files).
import type { Client } from '@libsql/client';
import type { Config } from '../config.ts';
import { systemClock, type Clock, type Deps } from '../deps.ts';
import { createIds, cryptoRandomBytes, type Ids } from '../domain/ids.ts';
import type { TemplateSet } from '../domain/outbound/templates/set.ts';
import type { TriggerSet } from '../domain/triggers/set.ts';
import { createLogger } from '../log.ts';
import { selectMailer } from '../mail/select-mailer.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { createDb } from '../store/db.ts';
import type { AiBinding } from './embeddings.ts';
import { faqScorerFor } from './faq-scorer.ts';

export interface HostParts {
  client: Client;
  templates: TemplateSet;
  triggers: TriggerSet;
  blobs: BlobStore;
  /** The Workers AI binding (AI in wrangler.toml), when the Worker has one: the FAQ's semantic scorer uses it. */
  ai?: AiBinding | undefined;
}

/** What tests and benchmarks replace: a clock they control, a recording mailer, a quiet logger, seeded ids. */
export type DepsOverrides = Partial<Pick<Deps, 'clock' | 'ids' | 'log' | 'mailer'>>;

/** Ids from the clock and the system's cryptographic random source. */
export function systemIds(clock: Clock = systemClock): Ids {
  return createIds(() => clock.now(), cryptoRandomBytes);
}

export function createDeps(config: Config, host: HostParts, overrides: DepsOverrides = {}): Deps {
  const db = createDb(host.client);
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? systemIds(clock);
  const log = overrides.log ?? createLogger(config.logLevel);
  return {
    db,
    clock,
    ids,
    config,
    log,
    mailer: overrides.mailer ?? selectMailer(config, db, clock, ids),
    templates: host.templates,
    triggers: host.triggers,
    blobs: host.blobs,
    faqScorer: faqScorerFor(config, host.ai, log),
  };
}
