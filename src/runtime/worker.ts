// Cloudflare Workers host: HTTP (fetch), Email Routing (email), the Cron Trigger (scheduled)
// and the job queue's consumer (queue). The database is libSQL over HTTP (Turso); migrations are applied beforehand
// with `npm run db:migrate`.
import type { ExecutionContext, ForwardableEmailMessage, MessageBatch, R2Bucket, ScheduledController } from '@cloudflare/workers-types';
import { createClient } from '@libsql/client/web';
import type { Hono } from 'hono';
import { getConnInfo } from 'hono/cloudflare-workers';
import { TEMPLATE_FILES } from '../../templates/bundle.generated.ts';
import { TRIGGER_FILES } from '../../triggers/bundle.generated.ts';
import { ConfigError, loadConfig, type Env } from '../config.ts';
import type { Deps } from '../deps.ts';
import { isAppError } from '../domain/errors.ts';
import { buildTemplateSet, type TemplateSet } from '../domain/outbound/templates/set.ts';
import { triggerSetOrThrow, type TriggerSet } from '../domain/triggers/set.ts';
import { createApp, type AppEnv } from '../http/app.ts';
import { errorFields } from '../log.ts';
import { MAX_INBOUND_BYTES, receiveEmail } from '../services/receiveEmail.ts';
import { createR2BlobStore } from '../store/r2-blob-store.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { createDeps } from './create-deps.ts';
import type { AiBinding } from './embeddings.ts';
import { consumeJobMessages, jobQueueOf, runCronTick } from './job-queue.ts';

interface Built {
  deps: Deps;
  app: Hono<AppEnv>;
}

// Config, the libSQL client, Deps and the app are built once per isolate and reused by every
// request: workerd hands each invocation of one isolate the same env object. Another env
// object (a test calling the handlers directly, say) gets its own build. A bad configuration
// is kept too: it stays bad until the isolate is replaced with new settings.
let isolate: { env: Env; built: Built | ConfigError } | undefined;
// Parsing templates and triggers is pure and costs more than a request should: once per isolate, whatever the env.
let bundledTemplates: TemplateSet | undefined;
let bundledTriggers: TriggerSet | undefined;

function build(env: Env): Built {
  const config = loadConfig(env, 'worker');
  const blobs = r2BlobStoreOf(env);
  const client = createClient({
    url: config.databaseUrl,
    ...(config.databaseAuthToken ? { authToken: config.databaseAuthToken } : {}),
  });
  bundledTemplates ??= buildTemplateSet(TEMPLATE_FILES).set;
  // A broken bundle is refused (the bundle script never writes one; a hand edit could).
  bundledTriggers ??= triggerSetOrThrow(TRIGGER_FILES, bundledTemplates.names());
  const ai = (env as unknown as { AI?: AiBinding }).AI;
  const deps = createDeps(config, { client, templates: bundledTemplates, triggers: bundledTriggers, blobs, ai });
  // CF-Connecting-IP is set by Cloudflare's edge; a value sent by the client is replaced.
  const app = createApp(deps, { clientAddress: (c) => getConnInfo(c).remote.address });
  deps.log.info('worker: deps and app built for this isolate');
  return { deps, app };
}

/** Raw MIME and attachments go to the R2 bucket bound as BLOBS (wrangler.toml, [[r2_buckets]]). */
function r2BlobStoreOf(env: Env): BlobStore {
  const bucket = (env as unknown as { BLOBS?: R2Bucket }).BLOBS;
  if (!bucket || typeof bucket.put !== 'function') {
    throw new ConfigError(['BLOBS: missing; expected an R2 bucket binding named BLOBS (see [[r2_buckets]] in wrangler.toml)']);
  }
  return createR2BlobStore(bucket);
}

function builtFor(env: Env): Built | ConfigError {
  if (isolate?.env !== env) {
    let built: Built | ConfigError;
    try {
      built = build(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      built = error;
    }
    isolate = { env, built };
  }
  return isolate.built;
}

/** The Deps for email() and scheduled(): there is no one to answer, so a bad configuration throws. */
function depsFor(env: Env): Deps {
  const built = builtFor(env);
  if (built instanceof ConfigError) throw built;
  return built.deps;
}

function configErrorResponse(error: ConfigError): Response {
  // Logged on every refused request, so that `wrangler tail` started later still shows why.
  console.error(error.message);
  return Response.json(
    { error: { code: 'ConfigurationError', message: 'Samtal is not configured correctly; see the Worker logs', problems: error.problems } },
    { status: 500 },
  );
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const built = builtFor(env);
    if (built instanceof ConfigError) return configErrorResponse(built);
    // @cloudflare/workers-types' ExecutionContext and hono's differ only in optional members.
    return built.app.fetch(request, env, ctx as never);
  },

  async email(message: ForwardableEmailMessage, env: Env, _ctx: ExecutionContext): Promise<void> {
    if (message.rawSize > MAX_INBOUND_BYTES) {
      message.setReject(`Message too large: ${message.rawSize} bytes; the limit is 25 MiB`);
      return;
    }
    const deps = depsFor(env);
    const raw = new Uint8Array(await new Response(message.raw as unknown as ReadableStream).arrayBuffer());
    try {
      await receiveEmail(deps, raw, { from: message.from, to: message.to }, 'email-routing');
    } catch (error) {
      if (isAppError(error) && (error.name === 'PayloadTooLarge' || error.name === 'ValidationFailed')) {
        message.setReject(error.message);
        return;
      }
      // Throwing makes Email Routing answer with a temporary SMTP failure: the sender retries.
      deps.log.error('email: temporary failure, sender will retry', errorFields(error));
      throw error;
    }
  },

  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(runCronTick(depsFor(env), jobQueueOf(env)));
  },

  async queue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
    await consumeJobMessages(depsFor(env), batch);
  },
};
