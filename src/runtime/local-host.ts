// What the Node and Deno hosts share: configuration, the embedded (or remote) libSQL
// database, migrations, first-run bootstrap, demo data and the interval scheduler.
import { ConfigError, loadConfig, type Config, type Env, type HostKind } from '../config.ts';
import type { Deps } from '../deps.ts';
import { createApp } from '../http/app.ts';
import { localHostClientAddress, type ClientAddress } from '../http/client-address.ts';
import { errorFields } from '../log.ts';
import { bootstrap, type BootstrapResult } from '../services/bootstrap.ts';
import { loadDemoData } from '../services/loadDemoData.ts';
import { runScheduled } from '../services/runScheduled.ts';
import { runMigrations } from '../store/migrate.ts';
import { createDeps } from './create-deps.ts';
import { openLocalDatabase } from './local-database.ts';
import { dataDirectory, ensureLocalSecret } from './local-secret.ts';
import { loadTemplatesFromDisk } from './load-templates.ts';
import { loadTriggersFromDisk } from './load-triggers.ts';

export interface LocalHost {
  deps: Deps;
  app: ReturnType<typeof createApp>;
  bootstrapped: BootstrapResult;
  demoLoaded: boolean;
  secretCreatedAt: string | null;
  startScheduler(): () => void;
  close(): void;
}

/** Validates configuration; on failure prints one clear message and exits (no stack trace). */
export function loadConfigOrExit(env: Env, host: HostKind, exit: (code: number) => never): Config {
  try {
    return loadConfig(env, host);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return exit(1);
    }
    throw error;
  }
}

export async function prepareLocalHost(
  env: Env,
  host: Exclude<HostKind, 'worker'>,
  options: { demo: boolean; exit: (code: number) => never; socketAddress?: ClientAddress },
): Promise<LocalHost> {
  let secretCreatedAt: string | null = null;
  const withSecret = { ...env };
  if (!withSecret.SECRET_KEY) {
    const local = ensureLocalSecret(dataDirectory(env.DATABASE_URL ?? 'file:./data/samtal.db'));
    withSecret.SECRET_KEY = local.secret;
    if (local.created) secretCreatedAt = local.path;
  }
  const config = loadConfigOrExit(withSecret, host, options.exit);
  const client = await openLocalDatabase(config.databaseUrl, config.databaseAuthToken);
  const templates = await loadTemplatesFromDisk();
  const deps = createDeps(config, { client, templates, triggers: await loadTriggersFromDisk(templates) });
  await runMigrations(deps.db);
  const bootstrapped = await bootstrap(deps, { generateAdmin: true });
  const demoLoaded = options.demo || config.demo ? await loadDemoData(deps) : false;

  return {
    deps,
    app: createApp(deps, { clientAddress: localHostClientAddress(options.socketAddress ?? (() => undefined), config.trustProxy) }),
    bootstrapped,
    demoLoaded,
    secretCreatedAt,
    startScheduler() {
      let running = false;
      const timer = setInterval(async () => {
        if (running) return;
        running = true;
        try {
          await runScheduled(deps);
        } catch (error) {
          deps.log.error('scheduler: run failed', errorFields(error));
        } finally {
          running = false;
        }
      }, config.schedulerIntervalSeconds * 1000);
      return () => clearInterval(timer);
    },
    close() {
      client.close();
    },
  };
}

/** The start-up banner: where to go, and the admin's sign-in if this start created it. */
export function startupBanner(local: LocalHost, url: string): string {
  const lines = [`Samtal ${local.deps.config.version} is running at ${url}`];
  lines.push(`  database: ${local.deps.config.databaseUrl}   mail: ${local.deps.mailer.name}`);
  if (local.secretCreatedAt) lines.push(`  generated SECRET_KEY, kept in ${local.secretCreatedAt}`);
  const admin = local.bootstrapped.createdAdmin;
  if (admin) {
    lines.push(
      `  admin sign-in (shown once): ${admin.email} / ${admin.generated ? admin.password : '(the SAMTAL_ADMIN_PASSWORD you set)'}`,
    );
  }
  if (local.demoLoaded) lines.push('  demo data loaded');
  if (!local.deps.config.inboundSecret) lines.push('  POST /inbound/mime is off: set INBOUND_SECRET to receive mail over HTTP');
  return lines.join('\n');
}
