// Everything a use case may touch, built by each host (runtime/) and handed inward.
// No module-level singletons: tests build their own Deps.
import type { FaqScorer } from './domain/faq/scorer.ts';
import type { Config } from './config.ts';
import type { Ids } from './domain/ids.ts';
import type { TemplateSet } from './domain/outbound/templates/set.ts';
import type { TriggerSet } from './domain/triggers/set.ts';
import type { Mailer } from './mail/transport.ts';
import type { BlobStore } from './store/blob-store.ts';
import type { Db } from './store/db.ts';
import type { Logger } from './log.ts';

export interface Clock {
  now(): number;
}

export interface Deps {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  config: Config;
  ids: Ids;
  log: Logger;
  /** Message templates: read from templates/ on Node and Deno, bundled into the Worker. */
  templates: TemplateSet;
  /** Trigger definitions (triggers/NAME.yaml), checked against the templates: read from disk on Node and Deno, bundled into the Worker. */
  triggers: TriggerSet;
  /** Raw MIME and attachment bodies: R2 on Workers, files under data/blobs on Node and Deno. */
  blobs: BlobStore;
  /** How FAQ entries are ranked; undefined: the matcher's embedded lexical scorer (see runtime/faq-scorer.ts). */
  faqScorer: FaqScorer | undefined;
}

export const systemClock: Clock = { now: () => Date.now() };
