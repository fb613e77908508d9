// Every inbox page reachable today, for the accessibility and layout checks (test/browser/i18n.browser.test.ts).
// A new page is one more row. `:conversation`, `:contact` and `:faq` in a path become an id of the demo data.
export interface InboxPageSpec {
  name: string;
  path: string;
  /** Pages before sign-in (sign-in itself) are opened without a session. */
  signedOut?: boolean;
  /** Saved as test-artifacts/{lang}-{name}-{width}.png at 1280 and 390 px. */
  screenshot?: boolean;
  /** The answer the page gives on purpose (a 404 page), when not 200. */
  status?: number;
}

export const INBOX_PAGES: InboxPageSpec[] = [
  { name: 'sign-in', path: '/login', signedOut: true, screenshot: true },
  { name: 'list', path: '/inbox?status=open&view=all', screenshot: true },
  { name: 'thread', path: '/inbox/c/:conversation', screenshot: true },
  { name: 'search', path: '/inbox/search?q=paket' },
  { name: 'agents', path: '/inbox/agents' },
  { name: 'faq-list', path: '/inbox/faqs' },
  { name: 'faq-edit', path: '/inbox/faqs/:faq' },
  { name: 'me', path: '/inbox/me', screenshot: true },
  { name: 'contacts', path: '/inbox/contacts' },
  { name: 'contact', path: '/inbox/contacts/:contact', screenshot: true },
  { name: 'reports', path: '/inbox/reports', screenshot: true },
  { name: 'templates', path: '/inbox/templates' },
  { name: 'template', path: '/inbox/templates/welcome' },
  { name: 'outbox', path: '/inbox/outbox' },
  { name: 'broadcasts', path: '/inbox/broadcasts' },
  { name: 'inbound', path: '/inbox/inbound' },
  { name: 'api-keys', path: '/inbox/api-keys' },
  { name: 'settings', path: '/inbox/settings' },
  { name: 'not-found', path: '/inbox/nowhere', status: 404 },
];
