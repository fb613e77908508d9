// The Worker's email() handler contract, called directly with a message shaped like
// Email Routing's ForwardableEmailMessage (workerd runs the same code in test/hosts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../../src/runtime/worker.ts';
import { startLocalR2, type LocalR2 } from '../support/local-r2.ts';

let r2: LocalR2;
beforeAll(async () => {
  r2 = await startLocalR2();
  env.BLOBS = r2.bucket;
}, 60_000);
afterAll(() => r2?.dispose());

const env: Record<string, unknown> = {
  DATABASE_URL: 'http://127.0.0.1:9',
  SECRET_KEY: 'x'.repeat(40),
  MAIL_FROM: 'Acme <support@acme.example>',
  INBOUND_DOMAIN: 'reply.acme.example',
  PUBLIC_URL: 'https://samtal.acme.example',
  LOG_LEVEL: 'error',
};

function message(bytes: Uint8Array<ArrayBuffer>, rawSize = bytes.byteLength) {
  return {
    from: 'a@example.com',
    to: 'support@reply.acme.example',
    rawSize,
    raw: new Response(bytes).body!,
    headers: new Headers(),
    setReject: vi.fn(),
    forward: vi.fn(),
    reply: vi.fn(),
  };
}

const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };

describe('worker email()', () => {
  it('refuses a message over 25 MiB with setReject and a reason, without reading it', async () => {
    const m = message(new Uint8Array(10), 25 * 1024 * 1024 + 1);
    await worker.email(m as never, env as never, ctx as never);
    expect(m.setReject).toHaveBeenCalledWith(expect.stringMatching(/too large.*25 MiB/));
  });

  it('throws (a temporary SMTP failure, so the sender retries) when the database is unreachable', async () => {
    const m = message(new TextEncoder().encode('From: a@example.com\r\nMessage-ID: <x@y>\r\n\r\nhi\r\n'));
    await expect(worker.email(m as never, env as never, ctx as never)).rejects.toThrow();
    expect(m.setReject).not.toHaveBeenCalled();
    // the raw message went to R2 first, and stays there: the row's fate is unknown to the Worker
    const { objects } = await r2.bucket.list();
    expect(objects.map((o) => [o.key.slice(0, 12), o.size])).toEqual([['raw/' + new Date().toISOString().slice(0, 7) + '/', 46]]);
  });
});
