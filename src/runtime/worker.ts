// Cloudflare Workers host: HTTP (fetch), Email Routing (email) and the Cron Trigger
// (scheduled). The database is libSQL over HTTP (Turso); migrations are applied beforehand
// with `npm run db:migrate`.
import type { ExecutionContext, ForwardableEmailMessage, ScheduledController } from '@cloudflare/workers-types';
import { createClient } from '@libsql/client/web';
import { getConnInfo } from 'hono/cloudflare-workers';
import { ConfigError, loadConfig, type Env } from '../config.ts';
import { systemClock, type Deps } from '../deps.ts';
import { isAppError } from '../domain/errors.ts';
import { createIds, cryptoRandomBytes } from '../domain/ids.ts';
import { createApp } from '../http/app.ts';
import { createLogger, errorFields } from '../log.ts';
import { selectMailer } from '../mail/select-mailer.ts';
import { MAX_INBOUND_BYTES, receiveEmail } from '../services/receiveEmail.ts';
import { runScheduled } from '../services/runScheduled.ts';
import { createDb } from '../store/db.ts';
import { buildTemplateSet, type TemplateSet } from '../domain/outbound/templates/set.ts';
import { TEMPLATE_FILES } from '../../templates/bundle.generated.ts';

// Built once per isolate: parsing templates is pure, and costs more than a request should.
let bundledTemplates: TemplateSet | undefined;
function templates(): TemplateSet {
  bundledTemplates ??= buildTemplateSet(TEMPLATE_FILES).set;
  return bundledTemplates;
}

function buildDeps(env: Env): Deps {
  const config = loadConfig(env, 'worker');
  const client = createClient({
    url: config.databaseUrl,
    ...(config.databaseAuthToken ? { authToken: config.databaseAuthToken } : {}),
  });
  const db = createDb(client);
  const clock = systemClock;
  const ids = createIds(() => clock.now(), cryptoRandomBytes);
  return {
    db,
    clock,
    ids,
    config,
    log: createLogger(config.logLevel),
    mailer: selectMailer(config, db, clock, ids),
    templates: templates(),
  };
}

function configErrorResponse(error: ConfigError): Response {
  console.error(error.message);
  return Response.json(
    { error: { code: 'ConfigurationError', message: 'Samtal is not configured correctly; see the Worker logs', problems: error.problems } },
    { status: 500 },
  );
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let deps: Deps;
    try {
      deps = buildDeps(env);
    } catch (error) {
      if (error instanceof ConfigError) return configErrorResponse(error);
      throw error;
    }
    // CF-Connecting-IP is set by Cloudflare's edge; a value sent by the client is replaced.
    return createApp(deps, { clientAddress: (c) => getConnInfo(c).remote.address }).fetch(request, env, ctx as never);
  },

  async email(message: ForwardableEmailMessage, env: Env, _ctx: ExecutionContext): Promise<void> {
    if (message.rawSize > MAX_INBOUND_BYTES) {
      message.setReject(`Message too large: ${message.rawSize} bytes; the limit is 25 MiB`);
      return;
    }
    const deps = buildDeps(env);
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
    const deps = buildDeps(env);
    ctx.waitUntil(runScheduled(deps).then(() => undefined));
  },
};
