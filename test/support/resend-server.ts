/**
 * TEST STAND-IN FOR RESEND. Not production code, never deploy it.
 *
 * A small local HTTP server (127.0.0.1 only) that speaks the part of Resend's email API the
 * official `resend` SDK uses for sending, so `new Resend(key, { baseUrl: standIn.url })` (or
 * RESEND_BASE_URL) works in tests without reaching Resend. The answers have the shapes the SDK
 * 6.x parses: success bodies are returned to the caller as `data` as they are; error bodies are
 * `{ statusCode, name, message }` and are returned as `error`; the response headers come back
 * as `headers`.
 *
 * Served:
 * - POST /emails: one email (snake_case body as the SDK sends it: from, to, subject, text, html,
 *   cc, bcc, reply_to, headers, tags, attachments, scheduled_at, template …). 200 `{ id }`.
 * - POST /emails/batch: a JSON array of 1..100 emails. Header `x-batch-validation`:
 *   `strict` (default; one invalid email fails the whole batch with 422 and nothing is sent) or
 *   `permissive` (the valid ones are sent; 200 `{ data: [{ id }…], errors: [{ index, message }…] }`).
 *   As on Resend, batch emails may not carry `attachments` or `scheduled_at`.
 * - GET /emails/:id: the stored email (`object: "email"`, `last_event: "sent"`, or "scheduled"
 *   when it had `scheduled_at`). Unknown id 404 not_found, an id that is not a UUID 422.
 * - Anything else: 404 not_found.
 *
 * Checks, in this order (each failure is `{ statusCode, name, message }`):
 * 1. `Authorization: Bearer <apiKey>`: absent or empty → 401 missing_api_key; another key →
 *    403 invalid_api_key.
 * 2. `Idempotency-Key` (POSTs only): must be 1..256 characters, else 400 invalid_idempotency_key.
 * 3. The body must be JSON, else 400 validation_error.
 * 4. Idempotency, as Resend documents it (resend.com/docs/dashboard/emails/idempotency-keys): a key
 *    seen in the last 24 h with the same path and the same body replays the first 2xx answer (same
 *    ids) and sends nothing; with another path or body → 409 invalid_idempotent_request ("retrying
 *    is useless without changing the key or payload"); while the first request with that key is
 *    still being processed (a held request) → 409 concurrent_idempotent_requests ("safe to retry
 *    later"). Resend does not say how bodies are compared; the stand-in compares the raw bytes, the
 *    strictest reading, so a client that re-orders a batch (or even the keys of an object) is caught.
 *    Only 2xx answers are remembered, so a request that failed validation or hit a fault can be
 *    retried with the same key. For a batch the key covers the whole batch.
 * 5. Validation (422 validation_error, the message names the field, e.g. "Missing `to` field."):
 *    from (an address, `a@b.c` or `Name <a@b.c>`), to (string or array, 1..50 addresses),
 *    subject (non-empty string), at least one of text/html (or a template), and when present:
 *    cc / bcc / reply_to addresses, headers (string values), tags ({name, value}, ASCII letters,
 *    digits, _ and -), attachments (content or path).
 *
 * Fault injection (see `Fault`): `scriptKey(key, ...)` queues faults for the next requests that
 * carry that Idempotency-Key (one per request, in order); `injectFaults(...)` queues faults for the
 * next requests whatever their key or path; when both are empty, the `failWhen` predicate is asked
 * (it sees the recorded request, body parsed). A fault answers instead of the normal processing, so
 * nothing is sent, except `timeoutMs`, `hold` and `lostAnswer`:
 * - `{ status: 429, retryAfterSeconds? }` → 429 rate_limit_exceeded with `retry-after` (default 1)
 *   and `ratelimit-limit` / `ratelimit-remaining: 0` / `ratelimit-reset` headers.
 * - `{ status: 500 }` → JSON `{ statusCode: 500, name: "internal_server_error", message }`.
 * - `{ status: 502 | 503 }` → an HTML page, as a load balancer in front of the API answers; the
 *   SDK cannot parse it and reports `application_error` with that statusCode.
 * - `{ status: 400 | 422, name?, message? }` → that JSON error (name defaults to validation_error).
 * - `{ status: 409, name? }` → 409 invalid_idempotent_request (default) or
 *   concurrent_idempotent_requests, with Resend's message, as if the key were in that state.
 * - `{ lostAnswer: 'hang' | 'drop' }` → the request is processed at once (the email IS sent and the
 *   key remembered), but the answer never arrives: 'hang' keeps the connection open without a word
 *   until the client gives up (its own timeout), 'drop' closes it. The client cannot tell whether
 *   anything was sent: the case idempotency keys exist for.
 * - `{ hold: promise, then?: 'answer' | 'lose' }` → the request stays "in progress" (its key held,
 *   see 4.) until the test settles the promise; then it is processed and answered (or, with
 *   'lose', processed and its connection closed). For interleaving runners without timers.
 * - `{ timeoutMs }` → the request is held that long, then processed normally and answered. A
 *   client that gave up (AbortSignal) in the meantime never sees the answer, but the email IS
 *   recorded in `sent` when the delay elapses: a real server may well have processed a request
 *   whose answer was lost, which is exactly what idempotency keys are for. While held, its key is
 *   "in progress" (see 4.). Held requests still pending at `reset()` / `close()` are cancelled
 *   without being processed.
 * - `{ dropConnection: true }` → the body is read, then the socket is destroyed without an answer.
 *
 * Every JSON response carries `ratelimit-limit: 2`, `ratelimit-remaining`, `ratelimit-reset` (Resend's
 * default of 2 requests per second; not enforced, inject a 429 to test rate limiting).
 *
 * `requests` lists every request in arrival order, with its raw body; `answeredWith` is the status
 * the stand-in answered with (for a held request also when the client had already gone), 0 while
 * pending or when there was no answer (dropConnection, lostAnswer, cancelled hold, client gone
 * before its body arrived). `deliveries()` counts the emails actually sent per recipient address
 * and per Message-ID header: the number a duplicate-delivery test asserts on.
 *
 * Script: npx tsx test/support/resend-server.ts [--port 8025] [--api-key re_test_123]
 */
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/emails/batch". */
  path: string;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON; the raw text when it is not JSON; undefined when there is no body. */
  body: unknown;
  /** The body exactly as received (UTF-8). */
  rawBody: string;
  /** Arrival time, ms since the epoch (from `opts.now`). */
  at: number;
  /** Status the stand-in answered with; 0 while pending or when it did not answer. */
  answeredWith: number;
}

export type Fault =
  | { status: 429; retryAfterSeconds?: number }
  | { status: 500 | 502 | 503 }
  | { status: 400 | 422; name?: string; message?: string }
  | { status: 409; name?: 'invalid_idempotent_request' | 'concurrent_idempotent_requests' }
  /** Hold the request that long, then process it (it counts as sent) and answer 200. */
  | { timeoutMs: number }
  /** Process the request (it counts as sent), but never answer: hang until the client gives up, or drop. */
  | { lostAnswer: 'hang' | 'drop' }
  /** Keep the request in progress until the promise settles, then process it and answer (or lose the answer). */
  | { hold: Promise<unknown>; then?: 'answer' | 'lose' }
  | { dropConnection: true };

/** Emails actually sent, counted per recipient address (to, cc, bcc) and per Message-ID header. */
export interface Deliveries {
  byRecipient: Map<string, number>;
  byMessageId: Map<string, number>;
}

export interface SentEmail {
  id: string;
  idempotencyKey: string | null;
  /** The email as the API received it (snake_case fields). */
  email: Record<string, unknown>;
}

export interface ResendStandIn {
  /** http://127.0.0.1:PORT, for `baseUrl` / RESEND_BASE_URL. */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Emails actually accepted, in order; an idempotent replay adds nothing. */
  sent: SentEmail[];
  /** The next N requests get these faults, in order. */
  injectFaults(...faults: Fault[]): void;
  /** The next N requests with this Idempotency-Key get these faults, in order (before `injectFaults`). */
  scriptKey(idempotencyKey: string, ...faults: Fault[]): void;
  /** How often each recipient and each Message-ID was actually sent. */
  deliveries(): Deliveries;
  /** Asked for every request that has no injected fault; return a fault or null. */
  failWhen(predicate: ((req: RecordedRequest) => Fault | null) | null): void;
  /** Forget requests, sent emails, idempotency keys, faults, key scripts and the predicate; cancel held requests. */
  reset(): void;
  close(): Promise<void>;
}

export interface ResendStandInOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The only API key accepted (default 're_test_123'). */
  apiKey?: string;
  /** Clock for `at`, `created_at` and the 24 h idempotency window (default Date.now). */
  now?: () => number;
}

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_BATCH = 100;
const MAX_RECIPIENTS = 50;
const MAX_BODY_BYTES = 40 * 1024 * 1024;
const RATE_LIMIT_PER_SECOND = 2;
const ADDRESS_FORMAT = 'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Send the body as this content type instead of JSON. */
  contentType?: string;
}

interface StoredEmail {
  id: string;
  createdAt: number;
  email: Record<string, unknown>;
}

interface Hold {
  timer?: NodeJS.Timeout;
  res: ServerResponse;
  cancelled?: boolean;
}

function apiError(status: number, name: string, message: string): Answer {
  return { status, body: { statusCode: status, name, message } };
}

const validationError = (message: string, status = 422): Answer => apiError(status, 'validation_error', message);
const DIFFERENT_PAYLOAD = apiError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
const CONCURRENT_KEY = apiError(
  409,
  'concurrent_idempotent_requests',
  'Same idempotency key used while original request is still in progress.',
);

const BARE_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
function isAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const s = value.trim();
  if (BARE_ADDRESS.test(s)) return true;
  const named = /^(.*)<([^<>]+)>$/.exec(s);
  return named !== null && named[2] !== undefined && BARE_ADDRESS.test(named[2].trim());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an optional address list (string or array); returns an error message or null. */
function checkAddresses(email: Record<string, unknown>, field: string, required: boolean): string | null {
  const value = email[field];
  if (value === undefined || value === null) return required ? `Missing \`${field}\` field.` : null;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) return `Invalid \`${field}\` field. It must be a string or an array of strings.`;
  if (list.length === 0) return required ? `Missing \`${field}\` field.` : null;
  if (list.length > MAX_RECIPIENTS) {
    return `Invalid \`${field}\` field. It can have at most ${MAX_RECIPIENTS} recipients, got ${list.length}.`;
  }
  if (!list.every(isAddress)) return `Invalid \`${field}\` field. ${ADDRESS_FORMAT}`;
  return null;
}

const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;

/** Validates one email; returns the first problem or null. */
function validateEmail(email: unknown, inBatch: boolean): string | null {
  if (!isPlainObject(email)) return 'The email must be a JSON object.';
  if (email.from === undefined || email.from === null || email.from === '') return 'Missing `from` field.';
  if (!isAddress(email.from)) return `Invalid \`from\` field. ${ADDRESS_FORMAT}`;
  const to = checkAddresses(email, 'to', true);
  if (to) return to;
  if (email.subject === undefined || email.subject === null || email.subject === '') return 'Missing `subject` field.';
  if (typeof email.subject !== 'string') return 'Invalid `subject` field. It must be a string.';
  for (const field of ['text', 'html'] as const) {
    if (email[field] !== undefined && email[field] !== null && typeof email[field] !== 'string') {
      return `Invalid \`${field}\` field. It must be a string.`;
    }
  }
  const hasTemplate = isPlainObject(email.template) && typeof email.template.id === 'string';
  if (!email.text && !email.html && !hasTemplate) return 'Missing `html` or `text` field.';
  for (const field of ['cc', 'bcc', 'reply_to']) {
    const problem = checkAddresses(email, field, false);
    if (problem) return problem;
  }
  if (email.headers !== undefined && email.headers !== null) {
    if (!isPlainObject(email.headers) || !Object.values(email.headers).every((v) => typeof v === 'string')) {
      return 'Invalid `headers` field. It must be an object with string values.';
    }
  }
  if (email.tags !== undefined && email.tags !== null) {
    const ok =
      Array.isArray(email.tags) &&
      email.tags.every(
        (t) =>
          isPlainObject(t) && typeof t.name === 'string' && TAG_PART.test(t.name) && typeof t.value === 'string' && TAG_PART.test(t.value),
      );
    if (!ok) {
      return 'Invalid `tags` field. Each tag needs a `name` and a `value` of ASCII letters, numbers, underscores or dashes.';
    }
  }
  if (email.attachments !== undefined && email.attachments !== null) {
    if (inBatch) return 'The `attachments` field is not supported for batch emails.';
    const ok =
      Array.isArray(email.attachments) &&
      email.attachments.every((a) => isPlainObject(a) && (typeof a.content === 'string' || typeof a.path === 'string'));
    if (!ok) return 'Invalid `attachments` field. Each attachment needs a `content` or a `path`.';
  }
  if (email.scheduled_at !== undefined && email.scheduled_at !== null) {
    if (inBatch) return 'The `scheduled_at` field is not supported for batch emails.';
    if (typeof email.scheduled_at !== 'string') return 'Invalid `scheduled_at` field. It must be a string.';
  }
  return null;
}

function toList(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  return Array.isArray(value) ? (value as string[]) : [String(value)];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

const GATEWAY_PAGE = (status: number) =>
  `<html><head><title>${status}</title></head>` +
  `<body><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`;

export async function startResendStandIn(opts: ResendStandInOptions = {}): Promise<ResendStandIn> {
  const apiKey = opts.apiKey ?? 're_test_123';
  const now = opts.now ?? Date.now;

  const requests: RecordedRequest[] = [];
  const sent: SentEmail[] = [];
  const emails = new Map<string, StoredEmail>();
  const idempotency = new Map<string, { fingerprint: string; answer: Answer; at: number }>();
  /** Idempotency keys whose request is being processed (held), with the request holding them. */
  const inFlight = new Map<string, RecordedRequest>();
  const holds = new Set<Hold>();
  let faults: Fault[] = [];
  const keyScripts = new Map<string, Fault[]>();
  let predicate: ((req: RecordedRequest) => Fault | null) | null = null;

  function respond(rec: RecordedRequest, res: ServerResponse, answer: Answer): void {
    rec.answeredWith = answer.status;
    if (res.destroyed || res.writableEnded || res.socket?.destroyed) return; // the client is gone
    const text = answer.contentType ? String(answer.body) : JSON.stringify(answer.body);
    // A gateway page (contentType set) comes from in front of the API: no rate-limit headers.
    const rateLimit = answer.contentType
      ? {}
      : {
          'ratelimit-limit': String(RATE_LIMIT_PER_SECOND),
          'ratelimit-remaining': String(RATE_LIMIT_PER_SECOND - 1),
          'ratelimit-reset': '1',
        };
    res.writeHead(answer.status, {
      'content-type': answer.contentType ?? 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...rateLimit,
      ...answer.headers,
    });
    res.end(text);
  }

  function faultAnswer(fault: Extract<Fault, { status: number }>): Answer {
    switch (fault.status) {
      case 429: {
        const seconds = String(fault.retryAfterSeconds ?? 1);
        return {
          ...apiError(
            429,
            'rate_limit_exceeded',
            `Too many requests. You can only make ${RATE_LIMIT_PER_SECOND} requests per second. ` +
              'See rate limit response headers for more information.',
          ),
          headers: { 'retry-after': seconds, 'ratelimit-remaining': '0', 'ratelimit-reset': seconds },
        };
      }
      case 500:
        return apiError(500, 'internal_server_error', 'An unexpected error occurred, please try again later.');
      case 502:
      case 503:
        return { status: fault.status, body: GATEWAY_PAGE(fault.status), contentType: 'text/html' };
      case 400:
      case 422:
        return apiError(fault.status, fault.name ?? 'validation_error', fault.message ?? 'Injected validation error.');
      case 409:
        return fault.name === 'concurrent_idempotent_requests' ? CONCURRENT_KEY : DIFFERENT_PAYLOAD;
    }
  }

  function storeEmail(email: Record<string, unknown>, idempotencyKey: string | null): string {
    const id = randomUUID();
    emails.set(id, { id, createdAt: now(), email });
    sent.push({ id, idempotencyKey, email });
    return id;
  }

  function sendOne(body: unknown, key: string | null): Answer {
    const problem = validateEmail(body, false);
    if (problem) return validationError(problem);
    return { status: 200, body: { id: storeEmail(body as Record<string, unknown>, key) } };
  }

  function sendBatch(body: unknown, key: string | null, mode: string): Answer {
    if (mode !== 'strict' && mode !== 'permissive') {
      return validationError('Invalid `x-batch-validation` header. It must be `strict` or `permissive`.');
    }
    if (!Array.isArray(body)) return validationError('The request body must be an array of emails.');
    if (body.length === 0) return validationError('The batch must contain at least one email.');
    if (body.length > MAX_BATCH) {
      return validationError(`Too many emails in the batch: ${body.length}. The maximum is ${MAX_BATCH}.`);
    }
    const problems = body.map((email) => validateEmail(email, true));
    if (mode === 'strict') {
      const index = problems.findIndex((p) => p !== null);
      if (index >= 0) return validationError(`emails[${index}]: ${problems[index]}`);
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    body.forEach((email, index) => {
      const problem = problems[index];
      if (problem) errors.push({ index, message: problem });
      else data.push({ id: storeEmail(email as Record<string, unknown>, key) });
    });
    return { status: 200, body: mode === 'permissive' ? { data, errors } : { data } };
  }

  function getEmail(id: string): Answer {
    if (!UUID.test(id)) return apiError(422, 'invalid_parameter', 'The `id` must be a valid UUID.');
    const stored = emails.get(id);
    if (!stored) return apiError(404, 'not_found', 'Email not found');
    const e = stored.email;
    const scheduledAt = typeof e.scheduled_at === 'string' ? e.scheduled_at : null;
    return {
      status: 200,
      body: {
        object: 'email',
        id: stored.id,
        to: toList(e.to) ?? [],
        from: e.from,
        created_at: new Date(stored.createdAt).toISOString(),
        subject: e.subject,
        html: e.html ?? null,
        text: e.text ?? null,
        bcc: toList(e.bcc),
        cc: toList(e.cc),
        reply_to: toList(e.reply_to),
        last_event: scheduledAt ? 'scheduled' : 'sent',
        scheduled_at: scheduledAt,
        ...(Array.isArray(e.tags) ? { tags: e.tags } : {}),
        message_id: `<${stored.id}@stand-in.resend.local>`,
      },
    };
  }

  /** The normal (fault-free) handling of a request whose body has been read. */
  function processNormally(rec: RecordedRequest, bodyIsJson: boolean): Answer {
    const auth = rec.headers.authorization ?? '';
    const token = /^Bearer\s+(.*)$/i.exec(auth.trim())?.[1]?.trim() ?? '';
    if (!token) {
      return apiError(
        401,
        'missing_api_key',
        'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY',
      );
    }
    if (token !== apiKey) return apiError(403, 'invalid_api_key', 'API key is invalid');

    const pathname = new URL(rec.path, 'http://stand-in').pathname.replace(/\/+$/, '');
    if (rec.method === 'GET') {
      const match = /^\/emails\/([^/]+)$/.exec(pathname);
      if (match?.[1] !== undefined && match[1] !== 'batch') return getEmail(decodeURIComponent(match[1]));
    }
    if (rec.method !== 'POST' || (pathname !== '/emails' && pathname !== '/emails/batch')) {
      return apiError(404, 'not_found', 'The requested endpoint does not exist.');
    }

    const key = rec.headers['idempotency-key'] ?? null;
    if (key !== null && (key.length < 1 || key.length > 256)) {
      return apiError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    }
    if (!bodyIsJson) return validationError('The request body must be valid JSON.', 400);

    const run = () =>
      pathname === '/emails'
        ? sendOne(rec.body, key)
        : sendBatch(rec.body, key, (rec.headers['x-batch-validation'] ?? 'strict').toLowerCase());
    if (key === null) return run();

    const holder = inFlight.get(key);
    if (holder && holder !== rec) return CONCURRENT_KEY;
    const fingerprint = `${pathname}\n${rec.rawBody}`;
    const prior = idempotency.get(key);
    if (prior && now() - prior.at < IDEMPOTENCY_WINDOW_MS) {
      if (prior.fingerprint !== fingerprint) return DIFFERENT_PAYLOAD;
      return prior.answer; // replay: same ids, nothing sent again
    }
    const answer = run();
    if (answer.status >= 200 && answer.status < 300) idempotency.set(key, { fingerprint, answer, at: now() });
    return answer;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {}); // a client that went away must not take the server down
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: flattenHeaders(req),
      body: undefined,
      rawBody: '',
      at: now(),
      answeredWith: 0,
    };
    requests.push(rec);

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    let bodyIsJson = false;
    rec.rawBody = raw.toString('utf8');
    if (raw.length > 0) {
      const text = rec.rawBody;
      try {
        rec.body = JSON.parse(text);
        bodyIsJson = true;
      } catch {
        rec.body = text;
      }
    }

    const requestKey = rec.headers['idempotency-key'];
    let fault: Fault | null | undefined = (requestKey === undefined ? undefined : keyScripts.get(requestKey)?.shift()) ?? faults.shift();
    if (fault === undefined) {
      try {
        fault = predicate ? predicate(rec) : null;
      } catch (err) {
        respond(rec, res, apiError(500, 'internal_server_error', `failWhen predicate threw: ${String(err)}`));
        return;
      }
    }

    if (fault === null || fault === undefined) {
      respond(rec, res, processNormally(rec, bodyIsJson));
    } else if ('dropConnection' in fault) {
      req.socket.destroy();
    } else if ('lostAnswer' in fault) {
      processNormally(rec, bodyIsJson); // processed (sent when valid), but the client never hears of it
      if (fault.lostAnswer === 'drop') req.socket.destroy();
      else holds.add({ res });
    } else if ('timeoutMs' in fault || 'hold' in fault) {
      const key = rec.headers['idempotency-key'];
      const holdsKey = rec.method === 'POST' && key !== undefined && !inFlight.has(key);
      if (holdsKey) inFlight.set(key, rec);
      const lose = 'hold' in fault && fault.then === 'lose';
      const hold: Hold = { res };
      const finish = () => {
        if (hold.cancelled) return;
        holds.delete(hold);
        try {
          const answer = processNormally(rec, bodyIsJson);
          if (lose) req.socket.destroy();
          else respond(rec, res, answer);
        } finally {
          if (holdsKey && inFlight.get(key) === rec) inFlight.delete(key);
        }
      };
      if ('hold' in fault) void fault.hold.then(finish, finish);
      else hold.timer = setTimeout(finish, fault.timeoutMs);
      holds.add(hold);
    } else {
      respond(rec, res, faultAnswer(fault));
    }
  }

  function cancelHolds(): void {
    for (const hold of holds) {
      hold.cancelled = true;
      if (hold.timer) clearTimeout(hold.timer);
      hold.res.destroy();
    }
    holds.clear();
    inFlight.clear();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 500, name: 'internal_server_error', message: String(err) }));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent,
    injectFaults(...more: Fault[]) {
      faults.push(...more);
    },
    scriptKey(idempotencyKey: string, ...more: Fault[]) {
      keyScripts.set(idempotencyKey, [...(keyScripts.get(idempotencyKey) ?? []), ...more]);
    },
    deliveries() {
      const byRecipient = new Map<string, number>();
      const byMessageId = new Map<string, number>();
      const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
      for (const { email } of sent) {
        for (const field of ['to', 'cc', 'bcc']) for (const address of toList(email[field]) ?? []) bump(byRecipient, address);
        const headers = isPlainObject(email.headers) ? email.headers : {};
        const messageId = Object.entries(headers).find(([name]) => name.toLowerCase() === 'message-id')?.[1];
        if (typeof messageId === 'string') bump(byMessageId, messageId);
      }
      return { byRecipient, byMessageId };
    },
    failWhen(p) {
      predicate = p;
    },
    reset() {
      cancelHolds();
      requests.length = 0;
      sent.length = 0;
      emails.clear();
      idempotency.clear();
      faults = [];
      keyScripts.clear();
      predicate = null;
    },
    close() {
      cancelHolds();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

// Script mode: print the URL, serve until killed.
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isMain()) {
  const { values } = parseArgs({ options: { port: { type: 'string' }, 'api-key': { type: 'string' } } });
  const standIn = await startResendStandIn({
    port: values.port === undefined ? 0 : Number(values.port),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
  });
  console.log(`listening ${standIn.url}`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
