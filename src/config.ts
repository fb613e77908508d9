// Configuration: every setting comes from the environment and is validated here, once.
// A bad setting stops start-up with one message naming each variable and what it expects.
import * as v from 'valibot';
import { parseQuietHours, QUIET_HOURS_EXPECTED } from './domain/delivery/policy.ts';
import type { QuietHours } from './domain/delivery/types.ts';
import { AUTORESPONDER_MODES, type AutoresponderMode } from './domain/vocabulary.ts';

export type HostKind = 'node' | 'worker' | 'deno';

const DATABASE_URL_SCHEMES = /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/|:memory:$)/;

const optionalText = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)));

const port = v.pipe(
  v.optional(v.string(), '8787'),
  v.regex(/^\d+$/, 'expected a whole number from 1 to 65535'),
  v.transform(Number),
  v.number(),
  v.minValue(1, 'expected a whole number from 1 to 65535'),
  v.maxValue(65535, 'expected a whole number from 1 to 65535'),
);

const mailbox = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/,
    'expected an address like "Acme Support <support@acme.example>" or support@acme.example',
  ),
);

const domain = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'expected a domain name like reply.acme.example',
  ),
);

const secret = (minLength: number) =>
  v.pipe(v.string(), v.minLength(minLength, `expected a random string of at least ${minLength} characters`));

const httpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.url('expected an absolute URL like https://samtal.acme.example'),
  v.regex(/^https?:\/\//, 'expected an http:// or https:// URL'),
  v.transform((url) => url.replace(/\/+$/, '')),
);

const flag = v.pipe(
  v.optional(v.string(), 'false'),
  v.toLowerCase(),
  v.picklist(['true', 'false', '1', '0', 'yes', 'no', ''], 'expected true or false'),
  v.transform((value) => value === 'true' || value === '1' || value === 'yes'),
);

const EnvSchema = v.object({
  PORT: port,
  DATABASE_URL: v.pipe(
    v.optional(v.string(), 'file:./data/samtal.db'),
    v.trim(),
    v.regex(DATABASE_URL_SCHEMES, 'expected a libSQL URL: file:PATH, libsql://HOST, https://HOST or :memory:'),
  ),
  DATABASE_AUTH_TOKEN: optionalText,
  RESEND_API_KEY: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^re_\S+$/, 'expected a Resend API key (starts with re_)'))),
  RESEND_BASE_URL: v.optional(httpUrl),
  RESEND_WEBHOOK_SECRET: v.optional(
    v.pipe(v.string(), v.regex(/^whsec_\S+$/, 'expected a Resend (svix) signing secret (starts with whsec_)')),
  ),
  MAIL_FROM: v.optional(mailbox),
  INBOUND_DOMAIN: v.optional(domain),
  PUBLIC_URL: v.optional(httpUrl),
  SECRET_KEY: v.optional(secret(32)),
  INBOUND_SECRET: v.optional(secret(16)),
  SAMTAL_ADMIN_EMAIL: v.optional(v.pipe(v.string(), v.trim(), v.email('expected an email address'))),
  SAMTAL_ADMIN_PASSWORD: v.optional(secret(12)),
  SAMTAL_API_KEY: v.optional(secret(24)),
  SAMTAL_DEMO: flag,
  TRUST_PROXY: flag,
  LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error'], 'expected debug, info, warn or error'), 'info'),
  FAQ_MODE: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.picklist(AUTORESPONDER_MODES, 'expected off, suggest or auto'))),
  FAQ_MIN_CONFIDENCE: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/, 'expected a number from 0 to 1, like 0.8'),
      v.transform(Number),
      v.number(),
      v.minValue(0, 'expected a number from 0 to 1'),
      v.maxValue(1, 'expected a number from 0 to 1'),
    ),
  ),
  SCHEDULER_INTERVAL_SECONDS: v.pipe(
    v.optional(v.string(), '60'),
    v.regex(/^\d+$/, 'expected a whole number of seconds'),
    v.transform(Number),
    v.number(),
    v.minValue(1, 'expected at least 1 second'),
  ),
  QUIET_HOURS: v.optional(
    v.pipe(
      v.string(),
      v.check((text) => parseQuietHours(text) !== undefined, QUIET_HOURS_EXPECTED),
      v.transform((text) => parseQuietHours(text) ?? null),
    ),
  ),
  FAQ_EMBEDDINGS_URL: v.optional(httpUrl),
  FAQ_EMBEDDINGS_MODEL: optionalText,
  FAQ_EMBEDDINGS_API_KEY: optionalText,
  FAQ_EMBEDDINGS_CALIBRATION: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\s*0?\.\d+\s*,\s*\d+(?:\.\d+)?\s*$/, 'expected "MIDPOINT,STEEPNESS", like 0.72,18'),
      v.transform((text) => {
        const [midpoint, steepness] = text.split(',').map(Number);
        return { midpoint: midpoint!, steepness: steepness! };
      }),
    ),
  ),
});

export interface Config {
  host: HostKind;
  port: number;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  resendWebhookSecret: string | undefined;
  mailFrom: string;
  inboundDomain: string;
  publicUrl: string;
  secretKey: string;
  inboundSecret: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  bootstrapApiKey: string | undefined;
  demo: boolean;
  /** Node and Deno: take the client address from X-Forwarded-For (set by a reverse proxy), not the socket. */
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  schedulerIntervalSeconds: number;
  /** QUIET_HOURS: automated marketing waits outside these local hours (null: off; undefined: the default, 21:00–08:00). */
  quietHours: QuietHours | null | undefined;
  /** The autoresponder: off, suggest (offer entries to agents) or auto (may answer); suggest unless set (auto in the demo). */
  faqMode: AutoresponderMode;
  /** The confidence an automatic answer needs; undefined: the matcher's calibrated default. */
  faqMinConfidence: number | undefined;
  /** The FAQ's semantic scorer: an OpenAI-compatible embeddings API (on Workers the AI binding is used when bound). */
  faqEmbeddings: { url: string | undefined; model: string | undefined; apiKey: string | undefined };
  /** Similarity → confidence for the embedding model in use; undefined: the one fitted for bge-m3. */
  faqEmbeddingsCalibration: { midpoint: number; steepness: number } | undefined;
  version: string;
}

export const VERSION = '0.1.0';

/** What each variable expects, for the problems that are not about one field's format. */
const REQUIRED_ON_WORKERS: Record<string, string> = {
  SECRET_KEY: 'a random string of at least 32 characters (wrangler secret put SECRET_KEY)',
  MAIL_FROM: 'the From address, e.g. "Acme Support <support@acme.example>"',
  INBOUND_DOMAIN: 'the domain whose mail Email Routing sends to this Worker, e.g. reply.acme.example',
  PUBLIC_URL: 'the https URL the Worker is reached at, for unsubscribe links',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Samtal cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/**
 * Validates the environment. `SECRET_KEY` may be supplied by the host (the Node host
 * generates and keeps one locally); Workers must have every variable in REQUIRED_ON_WORKERS.
 */
export function loadConfig(env: Env, host: HostKind): Config {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key in EnvSchema.entries && typeof value === 'string' && value !== '') input[key] = value;
  }
  const parsed = v.safeParse(EnvSchema, input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const name = v.getDotPath(issue) ?? '(environment)';
      const shown = name.includes('SECRET') || name.includes('PASSWORD') || name.includes('KEY') ? '(hidden)' : JSON.stringify(issue.input);
      problems.push(`${name}: ${issue.message}; got ${shown}`);
    }
  }
  if (host === 'worker') {
    for (const [name, expected] of Object.entries(REQUIRED_ON_WORKERS)) {
      if (!input[name]) problems.push(`${name}: missing; expected ${expected}`);
    }
  } else if (!input.SECRET_KEY) {
    problems.push('SECRET_KEY: missing; expected a random string of at least 32 characters');
  }
  if (input.SAMTAL_ADMIN_EMAIL && !input.SAMTAL_ADMIN_PASSWORD) {
    problems.push('SAMTAL_ADMIN_PASSWORD: missing; expected a password of at least 12 characters when SAMTAL_ADMIN_EMAIL is set');
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.output;
  return {
    host,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    mailFrom: e.MAIL_FROM ?? 'Samtal <samtal@localhost.localdomain>',
    inboundDomain: e.INBOUND_DOMAIN ?? 'localhost.localdomain',
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    secretKey: e.SECRET_KEY!,
    inboundSecret: e.INBOUND_SECRET,
    adminEmail: e.SAMTAL_ADMIN_EMAIL,
    adminPassword: e.SAMTAL_ADMIN_PASSWORD,
    bootstrapApiKey: e.SAMTAL_API_KEY,
    demo: e.SAMTAL_DEMO,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    schedulerIntervalSeconds: e.SCHEDULER_INTERVAL_SECONDS,
    quietHours: e.QUIET_HOURS,
    faqMode: e.FAQ_MODE ?? (e.SAMTAL_DEMO ? 'auto' : 'suggest'),
    faqMinConfidence: e.FAQ_MIN_CONFIDENCE,
    faqEmbeddings: { url: e.FAQ_EMBEDDINGS_URL, model: e.FAQ_EMBEDDINGS_MODEL, apiKey: e.FAQ_EMBEDDINGS_API_KEY },
    faqEmbeddingsCalibration: e.FAQ_EMBEDDINGS_CALIBRATION,
    version: VERSION,
  };
}

/** Just the database settings, for tools (migrations, CLI) that need nothing else. */
export function loadDatabaseConfig(env: Env): { databaseUrl: string; databaseAuthToken: string | undefined } {
  const input: Record<string, string> = {};
  for (const key of ['DATABASE_URL', 'DATABASE_AUTH_TOKEN'] as const) {
    if (env[key]) input[key] = env[key]!;
  }
  const parsed = v.safeParse(v.pick(EnvSchema, ['DATABASE_URL', 'DATABASE_AUTH_TOKEN']), input);
  if (!parsed.success) {
    throw new ConfigError(parsed.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}; got ${JSON.stringify(issue.input)}`));
  }
  return { databaseUrl: parsed.output.DATABASE_URL, databaseAuthToken: parsed.output.DATABASE_AUTH_TOKEN };
}
