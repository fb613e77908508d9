// The setups integration tests share, as hooks a test file calls once at its top level:
// a fresh database per test (TestContext), an API client on it, and the Resend stand-in,
// started once per file and reset before each test.
//
// Each hook registers vitest's beforeEach/afterEach (beforeAll/afterAll) and returns handles
// that always point at the current test's value, so a file reads as before:
//   const { t, api } = useApiContext();
//   it('…', async () => { await api.json('GET', '/api/v1/contacts'); t.clock.advance(1000); });
// A handle may only be used inside a test or a hook, not while the file is being collected.
import { type Client, createClient } from '@libsql/client';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { configureEmbeddedDatabase, createDb, type Db } from '../../src/store/db.ts';
import { createResendMailer } from '../../src/mail/resend.ts';
import { type ApiClient, apiClient } from './api-client.ts';
import { type ResendStandIn, startResendStandIn } from './resend-server.ts';
import { type TestContext, createTestContext } from './test-deps.ts';

export const RESEND_TEST_API_KEY = 're_test_123';

/** A stand-in that forwards every property read and write to what `get` returns at that moment. */
function handle<T extends object>(what: string, get: () => T | undefined): T {
  const current = (): T => {
    const value = get();
    if (value === undefined) throw new Error(`${what} is only set up inside a test (beforeEach has not run)`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
  });
}

/** A fresh database and Deps for each test, removed after it. */
export function useTestContext(...args: Parameters<typeof createTestContext>): TestContext {
  let t: TestContext | undefined;
  beforeEach(async () => {
    t = await createTestContext(...args);
  });
  afterEach(() => {
    t?.cleanup();
    t = undefined;
  });
  return handle('the test context', () => t);
}

/**
 * A second connection to the test context's database file, opened before each test and closed after it:
 * another process (a second runner, a second Worker) working on the same data.
 */
export function useSecondConnection(t: TestContext): { db(): Db } {
  let client: Client | undefined;
  let db: Db | undefined;
  beforeEach(async () => {
    client = createClient({ url: `file:${t.dbPath}` });
    await configureEmbeddedDatabase(client);
    db = createDb(client);
  });
  afterEach(() => {
    client?.close();
    client = undefined;
  });
  return { db: () => db! };
}

/** A test context with an API client holding a fresh API key. */
export function useApiContext(): { t: TestContext; api: ApiClient } {
  const t = useTestContext();
  let api: ApiClient | undefined;
  beforeEach(async () => {
    api = await apiClient(t);
  });
  return { t, api: handle('the API client', () => api) };
}

/** The Resend stand-in, one per file, with no requests or faults left from the test before. */
export function useResendStandIn(): ResendStandIn {
  let resend: ResendStandIn | undefined;
  beforeAll(async () => {
    resend = await startResendStandIn({ apiKey: RESEND_TEST_API_KEY });
  });
  afterAll(() => resend?.close());
  beforeEach(() => resend?.reset());
  return handle('the Resend stand-in', () => resend);
}

export interface OutboundContextOptions {
  /** Send through the Resend transport to the stand-in (default), or keep the recording mailer. */
  mailer?: 'resend' | 'recording';
  /** The Resend transport's request timeout. */
  timeoutMs?: number;
  /** Also make an API client (default true). */
  api?: boolean;
}

/** The Resend stand-in, a test context whose mailer sends to it, and an API client. */
export function useOutboundContext(options: OutboundContextOptions = {}): { resend: ResendStandIn; t: TestContext; api: ApiClient } {
  const resend = useResendStandIn();
  const t = useTestContext();
  let api: ApiClient | undefined;
  beforeEach(async () => {
    if ((options.mailer ?? 'resend') === 'resend') {
      t.deps.mailer = createResendMailer({ apiKey: RESEND_TEST_API_KEY, baseUrl: resend.url, timeoutMs: options.timeoutMs });
    }
    if (options.api ?? true) api = await apiClient(t);
  });
  return { resend, t, api: handle('the API client (useOutboundContext with api: false has none)', () => api) };
}
