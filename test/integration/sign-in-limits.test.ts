// Failed sign-ins are limited per address and per client, also when they arrive all at once,
// and the client is the host's idea of it (socket, or CF-Connecting-IP), not a header anyone can send.
import { getConnInfo } from '@hono/node-server/conninfo';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../src/http/app.ts';
import { localHostClientAddress } from '../../src/http/client-address.ts';
import { MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_EMAIL } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { useTestContext } from '../support/contexts.ts';

const PASSWORD = 'a long and correct password';
const t = useTestContext();
beforeEach(async () => {
  await createAgentWithPassword(t.deps, { email: 'ana@acme.example', name: 'Ana', role: 'agent', password: PASSWORD });
});

/** The Node host's view of a request arriving from `socket` (what @hono/node-server passes as env). */
function fromSocket(socket: string) {
  return { incoming: { socket: { remoteAddress: socket, remotePort: 40000, remoteFamily: 'IPv4' } } };
}

async function loginForm(options: AppOptions = {}) {
  const app = createApp(t.deps, options);
  const page = await app.request('/login', {}, fromSocket('198.51.100.7'));
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return (email: string, password: string, socket = '198.51.100.7', headers: Record<string, string> = {}) =>
    app.request(
      '/login',
      {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
      },
      fromSocket(socket),
    );
}

const nodeHost = (trustProxy: boolean): AppOptions => ({
  clientAddress: localHostClientAddress((c) => getConnInfo(c).remote.address, trustProxy),
});

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('sign-in rate limit', () => {
  it('checks at most the per-address limit of 60 simultaneous wrong passwords; the rest get 429', async () => {
    const signIn = await loginForm(nodeHost(false));
    const responses = await Promise.all(Array.from({ length: 60 }, () => signIn('ana@acme.example', 'wrong password')));
    expect(tally(responses.map((r) => r.status))).toEqual({ 401: MAX_FAILURES_PER_EMAIL, 429: 60 - MAX_FAILURES_PER_EMAIL });
    expect((await signIn('ana@acme.example', PASSWORD)).status).toBe(429);
  });

  it('checks at most the per-client limit of 60 simultaneous sign-ins to different addresses', async () => {
    const signIn = await loginForm(nodeHost(false));
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(`guess${i}@acme.example`, 'wrong password')));
    expect(tally(responses.map((r) => r.status))).toEqual({ 401: MAX_FAILURES_PER_CLIENT, 429: 60 - MAX_FAILURES_PER_CLIENT });
    // Another client is not affected.
    expect((await signIn('ana@acme.example', PASSWORD, '203.0.113.50')).status).toBe(303);
  });

  it('ignores spoofed X-Forwarded-For, CF-Connecting-IP and X-Real-IP on Node without TRUST_PROXY', async () => {
    const signIn = await loginForm(nodeHost(false));
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      expect((await signIn(`guess${i}@acme.example`, 'wrong password')).status).toBe(401);
    }
    const spoofed = { 'x-forwarded-for': '192.0.2.99', 'cf-connecting-ip': '192.0.2.98', 'x-real-ip': '192.0.2.97' };
    expect((await signIn('ana@acme.example', PASSWORD, '198.51.100.7', spoofed)).status).toBe(429);
  });

  it('with TRUST_PROXY=true takes the client from the address the proxy appended to X-Forwarded-For', async () => {
    const signIn = await loginForm(nodeHost(true));
    const proxy = '10.0.0.2';
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      // The client made up the first entry; the proxy appended the real one.
      const headers = { 'x-forwarded-for': `192.0.2.${i}, 198.51.100.7` };
      expect((await signIn(`guess${i}@acme.example`, 'wrong password', proxy, headers)).status).toBe(401);
    }
    expect((await signIn('ana@acme.example', PASSWORD, proxy, { 'x-forwarded-for': '192.0.2.200, 198.51.100.7' })).status).toBe(429);
    expect((await signIn('ana@acme.example', PASSWORD, proxy, { 'x-forwarded-for': '203.0.113.50' })).status).toBe(303);
  });

  it('does not count successful sign-ins against the client, and a success clears the address count', async () => {
    const signIn = await loginForm(nodeHost(false));
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT - 1; i++) {
      expect((await signIn(`guess${i}@acme.example`, 'wrong password')).status).toBe(401);
    }
    for (let i = 0; i < 3; i++) expect((await signIn('ana@acme.example', PASSWORD)).status).toBe(303);
    expect((await signIn('ana@acme.example', 'wrong password')).status).toBe(401);
    expect((await signIn('ana@acme.example', 'wrong password')).status).toBe(429);
  });

  it('starts a new window after 15 minutes', async () => {
    const signIn = await loginForm(nodeHost(false));
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await signIn('ana@acme.example', 'wrong password');
    expect((await signIn('ana@acme.example', PASSWORD)).status).toBe(429);
    t.clock.advance(15 * 60 * 1000 + 1);
    expect((await signIn('ana@acme.example', PASSWORD)).status).toBe(303);
  });
});
