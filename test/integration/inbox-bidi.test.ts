// Bidi safety of the rendered inbox: every piece of user text sits in an element of its own
// that isolates it (<bdi> or dir=auto), text without such an element (titles, attributes,
// options) is wrapped in FSI…PDI, and filenames show their bidi controls as markers.
import { parseDocument } from 'htmlparser2';
import { type AnyNode, type Element, isTag, isText } from 'domhandler';
import { findAll, textContent } from 'domutils';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { contacts } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { createApiKey } from '../../src/services/createApiKey.ts';
import { indexSearchWords } from '../../src/services/indexSearchWords.ts';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { useTestContext } from '../support/contexts.ts';

const RLO = '\u202e';
const NAME = `Ana ${RLO}dniL`;
const SUBJECT = `הזמנה 4711 ${RLO}gro.live`;
const BODY = 'שלום, החשבונית מצורפת. Please check the invoice.';
const FILENAME = `invoice${RLO}fdp.exe`;
const AGENT_NAME = `Noa ${RLO}nehoK`;
const ATTRIBUTE_KEY = `plan${RLO}eerf`;
const ATTRIBUTE_VALUE = 'מנוי שנתי';
const CONSENT_SOURCE = `form ${RLO}pu-ngis`;

const t = useTestContext();
let cookie: string;
beforeEach(async () => {
  const password = 'correct horse battery';
  await createAgentWithPassword(t.deps, { email: 'noa@acme.example', name: AGENT_NAME, role: 'admin', password });
  const { token } = await signIn(t.deps, { email: 'noa@acme.example', password, client: 'test', userAgent: null });
  cookie = `samtal_session=${token}`;
});

function b64(text: string) {
  return Buffer.from(text, 'utf8').toString('base64');
}

async function customerWrites(): Promise<string> {
  const raw = [
    `From: =?UTF-8?B?${b64(NAME)}?= <ana@example.org>`,
    'To: support@acme.example',
    `Subject: =?UTF-8?B?${b64(SUBJECT)}?=`,
    'Message-ID: <bidi-1@example.org>',
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(BODY),
    '--b',
    'Content-Type: application/octet-stream',
    `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(FILENAME)}`,
    'Content-Transfer-Encoding: base64',
    '',
    b64('MZ not really a program'),
    '--b--',
    '',
  ].join('\r\n');
  const result = await receiveEmail(t.deps, new TextEncoder().encode(raw) as Uint8Array<ArrayBuffer>, { from: null, to: null }, 'http');
  if (result.outcome?.status !== 'processed') throw new Error(`inbound not processed: ${JSON.stringify(result.outcome)}`);
  const attributes = { [ATTRIBUTE_KEY]: ATTRIBUTE_VALUE };
  await t.deps.db.update(contacts).set({ attributes, consentSource: CONSENT_SOURCE }).where(eq(contacts.email, 'ana@example.org'));
  return result.outcome.conversationId!;
}

async function page(path: string) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return { html: await res.text(), res };
}

function isIsolating(node: Element): boolean {
  return node.name === 'bdi' || node.attribs.dir !== undefined;
}

/** The nearest element around a node that isolates its text, if any. */
function isolatingAncestor(node: AnyNode): Element | null {
  for (let at = node.parent; at; at = at.parent) if (isTag(at as AnyNode) && isIsolating(at as Element)) return at as Element;
  return null;
}

function textNodes(node: AnyNode, out: AnyNode[] = []): AnyNode[] {
  if (isText(node)) out.push(node);
  if (isTag(node) && ['script', 'style', 'title', 'textarea', 'option'].includes(node.name)) return out;
  for (const child of 'children' in node ? node.children : []) textNodes(child as AnyNode, out);
  return out;
}

/** Every text node that shows part of a user string: is it inside its own isolating element? */
function expectIsolated(html: string, userTexts: string[]) {
  const doc = parseDocument(html);
  const body = doc.children.flatMap((n) => (isTag(n) ? [n] : []))[0]!;
  let checked = 0;
  for (const node of textNodes(body)) {
    const text = (node as { data: string }).data.trim();
    const owners = userTexts.filter((u) => u.includes(text));
    if (owners.length === 0 || text.length < 4) continue;
    checked++;
    const isolate = isolatingAncestor(node);
    expect(isolate, `"${text}" is not inside a <bdi> or dir element`).not.toBeNull();
    // Its own element: the isolate holds this user string and no interface text around it.
    const isolated = textContent(isolate!).trim();
    expect(
      owners.some((u) => u.includes(isolated)),
      `"${isolated}" mixes user text with other text`,
    ).toBe(true);
  }
  return checked;
}

describe('inbox bidi safety', () => {
  it('isolates names, subjects, previews and agent names in the list', async () => {
    await customerWrites();
    const { html } = await page('/inbox?status=open&view=all');
    expect(expectIsolated(html, [NAME, SUBJECT, BODY, AGENT_NAME])).toBeGreaterThanOrEqual(4);
  });

  it('isolates every user string on the thread page and shows the filename with a visible marker', async () => {
    const conversationId = await customerWrites();
    const { html } = await page(`/inbox/c/${conversationId}`);
    const userTexts = [NAME, SUBJECT, BODY, AGENT_NAME, 'ana@example.org', 'invoice⟨RLO⟩fdp.exe'];
    userTexts.push(ATTRIBUTE_KEY, ATTRIBUTE_VALUE, CONSENT_SOURCE);
    expect(expectIsolated(html, userTexts)).toBeGreaterThanOrEqual(9);
    const doc = parseDocument(html);
    const filename = findAll((n) => n.attribs.class === 'filename', doc.children);
    expect(filename.map((f) => textContent(f))).toEqual(['invoice⟨RLO⟩fdp.exe']);
    expect(filename[0]!.name).toBe('bdi');
    const attachmentList = html.slice(html.indexOf('class="attachments"'), html.indexOf('</ul>', html.indexOf('class="attachments"')));
    expect(attachmentList).not.toContain(RLO);
    expect(attachmentList).toContain('download="invoice⟨RLO⟩fdp.exe"');
    // No element can isolate inside <title>, placeholder or <option>: FSI … PDI does.
    expect(html).toContain(`<title>\u2068${SUBJECT}\u2069 · Samtal</title>`);
    expect(html).toContain(`placeholder="Reply to \u2068${NAME}\u2069…"`);
    expect(html).toContain(`\u2068${AGENT_NAME}\u2069 (me)</option>`);
  });

  it('saves the attachment under the name with the marker', async () => {
    const conversationId = await customerWrites();
    const { html } = await page(`/inbox/c/${conversationId}`);
    const href = /href="(\/inbox\/attachments\/[^"]+)"/.exec(html)![1]!;
    const { res } = await page(href);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('invoice⟨RLO⟩fdp.exe')}`);
  });

  it('the API download is the same: the name with the marker, sniffing off in both', async () => {
    const conversationId = await customerWrites();
    const { html } = await page(`/inbox/c/${conversationId}`);
    const id = /href="\/inbox\/attachments\/([^"]+)"/.exec(html)![1]!;
    const { key } = await createApiKey(t.deps, 'downloads');
    const api = await createApp(t.deps).request(`/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${key}` } });
    const inbox = await createApp(t.deps).request(`http://localhost/inbox/attachments/${id}`, { headers: { cookie } });
    for (const res of [api, inbox]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('invoice⟨RLO⟩fdp.exe')}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(await res.text()).toBe('MZ not really a program');
    }
  });

  it('isolates names, emails, subjects and snippets in search results', async () => {
    await customerWrites();
    await indexSearchWords(t.deps); // the scheduler's tick: messages are indexed for search in batches
    const { html } = await page(`/inbox/search?q=${encodeURIComponent('החשבונית')}`);
    expect(expectIsolated(html, [NAME, SUBJECT, BODY, 'ana@example.org', AGENT_NAME])).toBeGreaterThanOrEqual(3);
    expect(html).toContain(`<title>Search: \u2068החשבונית\u2069 · Samtal</title>`);
  });
});
