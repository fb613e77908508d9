// Deps for tests: a real embedded libSQL database in a temp file, migrated, plus a
// recording mail transport and a clock the test controls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { loadConfig, type Env } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';
import { silentLogger } from '../../src/log.ts';
import type { Mailer, OutgoingEmail, SendResult } from '../../src/mail/transport.ts';
import { createDeps } from '../../src/runtime/create-deps.ts';
import { loadTemplatesFromDisk } from '../../src/runtime/load-templates.ts';
import { loadTriggersFromDisk } from '../../src/runtime/load-triggers.ts';
import type { TriggerSet } from '../../src/domain/triggers/set.ts';
import { openDatabaseClient } from '../../src/store/embedded-client.ts';
import { createFileBlobStore } from '../../src/store/file-blob-store.ts';
import { runMigrations } from '../../src/store/migrate.ts';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789-abcdefghijklmnop';
export const TEST_INBOUND_SECRET = 'test-inbound-secret-0123456789';

export interface RecordingMailer extends Mailer {
  sent: OutgoingEmail[];
  /** Answers for the next sends, in order; when empty every send succeeds. */
  script: SendResult[];
}

export function createRecordingMailer(): RecordingMailer {
  const mailer: RecordingMailer = {
    name: 'recording',
    sent: [],
    script: [],
    async send(email) {
      mailer.sent.push(email);
      return mailer.script.shift() ?? { ok: true, providerId: `prov-${mailer.sent.length}` };
    },
  };
  return mailer;
}

export interface TestContext {
  deps: Deps;
  client: Client;
  mailer: RecordingMailer;
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
  dbPath: string;
  /** The file blob store's directory (a temp dir, like the database). */
  blobDir: string;
  cleanup(): void;
}

export interface TestContextOptions {
  busyTimeoutMs?: number;
  /** The triggers the app sees; the shipped ones (triggers/) by default. */
  triggers?: TriggerSet;
  /** Migrations to apply (db/migrations by default): a migration test starts from an older schema. */
  migrationsFolder?: URL;
}

export async function createTestContext(env: Env = {}, options: TestContextOptions = {}): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'samtal-test-'));
  const dbPath = join(dir, 'test.db');
  const client = await openDatabaseClient(`file:${dbPath}`, { busyTimeoutMs: options.busyTimeoutMs });
  let now = Date.parse('2026-11-23T09:00:00Z');
  const clock = {
    now: () => now,
    set: (ms: number) => {
      now = ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
  const config = loadConfig(
    {
      SECRET_KEY: TEST_SECRET_KEY,
      INBOUND_SECRET: TEST_INBOUND_SECRET,
      MAIL_FROM: 'Acme Support <support@acme.example>',
      INBOUND_DOMAIN: 'reply.acme.example',
      PUBLIC_URL: 'https://samtal.acme.example',
      DATABASE_URL: `file:${dbPath}`,
      ...env,
    },
    'node',
  );
  const mailer = createRecordingMailer();
  const templates = await loadTemplatesFromDisk();
  const triggers = options.triggers ?? (await loadTriggersFromDisk(templates));
  const blobs = createFileBlobStore(join(dir, 'blobs'));
  const deps = createDeps(config, { client, templates, triggers, blobs }, { mailer, clock, log: silentLogger });
  await runMigrations(deps.db, options.migrationsFolder);
  return {
    deps,
    client,
    mailer,
    clock,
    dbPath,
    blobDir: join(dir, 'blobs'),
    cleanup() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
