// The Node and Deno entries, run as real processes: start-up (migrations, bootstrap),
// health, and one raw email through POST /inbound/mime into the embedded database and data/blobs.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess, waitForHttp, type RunningProcess } from '../support/processes.ts';

const raw = readFileSync(new URL('../fixtures/mail/swedish-reply.eml', import.meta.url));
const INBOUND_SECRET = 'host-test-inbound-secret-123';

const hosts = [
  { name: 'node', command: 'npm', args: ['start', '--', '--demo'] },
  { name: 'deno', command: 'npm', args: ['run', 'start:deno', '--', '--demo'] },
];

describe.each(hosts)('$name host', ({ command, args }) => {
  let dir: string;
  let port: number;
  let proc: RunningProcess;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samtal-host-'));
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = startProcess(command, args, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'samtal.db')}`,
      INBOUND_SECRET,
      SECRET_KEY: '',
      DENO_NO_UPDATE_CHECK: '1',
    });
    await waitForHttp(`${base}/health`, proc, 90_000);
  }, 120_000);

  afterAll(async () => {
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the URL and the generated admin sign-in once', () => {
    expect(proc.output()).toContain(`running at http://localhost:${port}`);
    expect(proc.output()).toMatch(/admin sign-in \(shown once\): admin@localhost\.localdomain \/ \S{16}/);
    expect(proc.output()).toContain('generated SECRET_KEY');
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('serves /health with the database ok', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0', db: 'ok' });
  });

  it('stores a raw email received over HTTP: the row in the embedded database, the message in blobs/ beside it', async () => {
    const res = await fetch(`${base}/inbound/mime?from=astrid.lindqvist%40example.se&to=support%40reply.acme.example`, {
      method: 'POST',
      body: raw,
      headers: { authorization: `Bearer ${INBOUND_SECRET}`, 'content-type': 'message/rfc822' },
    });
    expect(res.status).toBe(202);
    const { inbound_email_id } = (await res.json()) as { inbound_email_id: string };
    const client = createClient({ url: `file:${join(dir, 'samtal.db')}` });
    try {
      const rows = await client.execute({
        sql: 'select length(raw) as in_row, raw_key, raw_size, raw_sha256, envelope_from, source from inbound_emails where id = ?',
        args: [inbound_email_id],
      });
      expect(rows.rows).toHaveLength(1);
      const row = rows.rows[0]!;
      expect(row).toMatchObject({ in_row: 0, raw_size: raw.byteLength, raw_sha256: createHash('sha256').update(raw).digest('hex') });
      expect(Buffer.compare(readFileSync(join(dir, 'blobs', String(row.raw_key))), raw)).toBe(0);
      expect(rows.rows[0]!.envelope_from).toBe('astrid.lindqvist@example.se');
      const demo = await client.execute('select count(*) as n from contacts');
      expect(Number(demo.rows[0]!.n)).toBe(4);
    } finally {
      client.close();
    }
  });

  it('serves the inbox sign-in page and keeps the inbox behind it', async () => {
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('name="password"');
    const inbox = await fetch(`${base}/inbox`, { redirect: 'manual' });
    expect(inbox.status).toBe(303);
    expect(inbox.headers.get('location')).toBe('/login?next=%2Finbox');
  });

  it('refuses an unauthenticated inbound post', async () => {
    const res = await fetch(`${base}/inbound/mime`, { method: 'POST', body: raw });
    expect(res.status).toBe(401);
  });
});

describe('start-up with bad configuration', () => {
  it('stops with one clear message naming each bad variable, no stack trace', async () => {
    const proc = startProcess('npx', ['tsx', 'src/runtime/node.ts'], {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      SECRET_KEY: 'short',
    });
    const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
    const out = proc.output();
    expect(code).toBe(1);
    expect(out).toContain('Samtal cannot start: the configuration has 3 problem(s)');
    expect(out).toMatch(/PORT: expected a whole number/);
    expect(out).toMatch(/DATABASE_URL: expected a libSQL URL/);
    expect(out).toMatch(/SECRET_KEY: expected a random string of at least 32 characters/);
    expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 60_000);
});
