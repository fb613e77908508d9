// The Worker builds config, the libSQL client, Deps and the app once per isolate, keyed by the
// env object workerd hands every invocation; called directly with another env object it builds
// again. test/hosts/worker.test.ts checks the same in workerd.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../../src/runtime/worker.ts';
import { startLocalR2, type LocalR2 } from '../support/local-r2.ts';

let r2: LocalR2;
beforeAll(async () => {
  r2 = await startLocalR2();
  settings.BLOBS = r2.bucket;
}, 60_000);
afterAll(() => r2?.dispose());

const settings: Record<string, unknown> = {
  DATABASE_URL: 'http://127.0.0.1:9',
  SECRET_KEY: 'x'.repeat(40),
  MAIL_FROM: 'Acme <support@acme.example>',
  INBOUND_DOMAIN: 'reply.acme.example',
  PUBLIC_URL: 'https://samtal.acme.example',
};
const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };
const BUILT = 'worker: deps and app built for this isolate';

/** Requests a page that touches no database, and counts the builds it caused. */
function counting() {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return {
    get: (env: Record<string, unknown>) =>
      worker.fetch(new Request('https://samtal.acme.example/static/public.css'), env as never, ctx as never),
    builds: () => log.mock.calls.filter(([line]) => String(line).includes(BUILT)).length,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('worker isolate', () => {
  it('builds once for requests with the same env object, and again for another env object', async () => {
    const requests = counting();
    const env = { ...settings };
    for (let i = 0; i < 3; i++) expect((await requests.get(env)).status).toBe(200);
    expect(requests.builds()).toBe(1);
    expect((await requests.get({ ...settings })).status).toBe(200);
    expect(requests.builds()).toBe(2);
  });

  it('answers every request 500 with the problems while the configuration is bad', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const requests = counting();
    const bad = { ...settings, SECRET_KEY: 'short', PUBLIC_URL: '' };
    for (let i = 0; i < 2; i++) {
      const res = await requests.get(bad);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; problems: string[] } };
      expect(body.error.code).toBe('ConfigurationError');
      expect(body.error.problems).toEqual([
        expect.stringMatching(/^SECRET_KEY: expected a random string of at least 32 characters/),
        expect.stringMatching(/^PUBLIC_URL: missing/),
      ]);
    }
    expect(error).toHaveBeenCalledTimes(2);
    expect(requests.builds()).toBe(0);
    expect((await requests.get({ ...settings })).status).toBe(200);
  });

  it('refuses to run without the BLOBS bucket binding, saying so', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { BLOBS: _none, ...unbound } = settings;
    const res = await counting().get(unbound);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { problems: string[] } };
    expect(body.error.problems).toEqual([expect.stringMatching(/^BLOBS: missing; expected an R2 bucket binding named BLOBS/)]);
  });
});
