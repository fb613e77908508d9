// The Node host with the demo data and a headless Chromium (Debian's, driven by playwright-core),
// for browser tests of the inbox: start both, feed mail in, read the API, sign agents in.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort, startProcess, waitForHttp } from './processes.ts';

export const BROWSER_ADMIN = { email: 'ana@acme.example', password: 'correct horse battery staple' };
const INBOUND_SECRET = 'browser-test-inbound-secret';
export const BROWSER_API_KEY = 'browser-test-api-key-0123456789abcdef';
const API_KEY = BROWSER_API_KEY;

export interface InboxBrowser {
  base: string;
  browser: Browser;
  /** Feeds a fixture from test/fixtures/inbox through POST /inbound/mime, with text replaced. */
  inbound(file: string, replace?: Record<string, string>): Promise<{ conversation_id: string; message_id: string }>;
  api<T>(path: string): Promise<T>;
  /** A fresh browser context (its own cookies), signed in when credentials are given. */
  newAgentPage(options?: { email?: string; password?: string; timezoneId?: string; width?: number }): Promise<Page>;
  stop(): Promise<void>;
}

export async function signInPage(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/inbox`);
}

/** An admin's page invites an agent on /inbox/agents; returns the invitation link the page shows. */
export async function inviteAgent(page: Page, base: string, agent: { name: string; email: string }): Promise<string> {
  await page.goto(`${base}/inbox/agents`);
  await page.fill('input[name=name]', agent.name);
  await page.fill('input[name=email]', agent.email);
  await page.getByRole('combobox', { name: 'Role' }).selectOption('agent');
  await page.click('form[action="/inbox/agents"] button[type=submit]');
  return (await page.textContent('.notice code'))!;
}

export async function startInboxBrowser(env: Record<string, string> = {}): Promise<InboxBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'samtal-browser-'));
  const port = await freePort();
  // 127.0.0.1 is "localhost" for the cookie rules (no Secure flag), like a developer's machine.
  const base = `http://127.0.0.1:${port}`;
  const host = startProcess('npx', ['tsx', 'src/runtime/node.ts', '--demo'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dir, 'samtal.db')}`,
    SAMTAL_ADMIN_EMAIL: BROWSER_ADMIN.email,
    SAMTAL_ADMIN_PASSWORD: BROWSER_ADMIN.password,
    SAMTAL_API_KEY: API_KEY,
    INBOUND_SECRET,
    SECRET_KEY: 'browser-test-secret-key-0123456789abcdef',
    MAIL_FROM: 'Acme Support <support@acme.example>',
    INBOUND_DOMAIN: 'reply.acme.example',
    LOG_LEVEL: 'warn',
    // The tick indexes new mail for search (and runs due work): every second, so a test waits one second, not sixty.
    SCHEDULER_INTERVAL_SECONDS: '1',
    ...env,
  });
  await waitForHttp(`${base}/health`, host, 90_000);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    base,
    browser,
    async inbound(file, replace = {}) {
      let raw = readFileSync(new URL(`../fixtures/inbox/${file}`, import.meta.url), 'utf8');
      for (const [from, to] of Object.entries(replace)) raw = raw.split(from).join(to);
      const res = await fetch(`${base}/inbound/mime?from=sender%40example.com&to=support%40reply.acme.example`, {
        method: 'POST',
        body: raw,
        headers: { authorization: `Bearer ${INBOUND_SECRET}` },
      });
      expect(res.status).toBe(202);
      return (await res.json()) as { conversation_id: string; message_id: string };
    },
    async api<T>(path: string) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      return (await res.json()) as T;
    },
    async newAgentPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: 900 },
        locale: 'en-US',
        ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
      });
      contexts.push(context);
      const page = await context.newPage();
      if (options.email && options.password) await signInPage(page, base, options.email, options.password);
      return page;
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
