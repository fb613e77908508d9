// /u/:token: GET shows a confirmation page (link scanners must not unsubscribe anyone);
// POST unsubscribes at once with no login (RFC 8058 one-click, and the page's button).
// /preferences/:token: see and change the marketing choice.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { contactForUnsubscribeToken, setMarketingConsent } from '../../services/unsubscribe.ts';
import type { AppEnv } from '../app.ts';
import { pageText, type PageText } from '../page-text.ts';

function page(t: PageText, body: ReturnType<typeof html>) {
  return html`<!doctype html>
<html lang="${t.lang}" dir="${t.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${t.title}</title><link rel="stylesheet" href="/static/public.css"></head>
<body>${body}</body>
</html>`;
}

export const unsubscribeRoutes = new Hono<AppEnv>()
  .get('/u/:token', async (c) => {
    const contact = await contactForUnsubscribeToken(c.var.deps, c.req.param('token'));
    const t = pageText(contact.locale);
    c.header('Cache-Control', 'no-store');
    return c.html(
      page(
        t,
        html`<h1>${t.title}</h1><p>${t.confirm(contact.email)}</p>
<form method="post"><button type="submit">${t.button}</button></form>`,
      ),
    );
  })
  .post('/u/:token', async (c) => {
    const contact = await setMarketingConsent(c.var.deps, c.req.param('token'), 'unsubscribed', 'unsubscribe link');
    const t = pageText(contact.locale);
    return c.html(page(t, html`<h1>${t.done}</h1><p>${t.doneDetail(contact.email)}</p>`));
  })
  .get('/preferences/:token', async (c) => {
    const contact = await contactForUnsubscribeToken(c.var.deps, c.req.param('token'));
    const t = pageText(contact.locale);
    const subscribed = contact.marketingConsent === 'subscribed';
    c.header('Cache-Control', 'no-store');
    return c.html(
      page(
        t,
        html`<h1>${t.preferences}</h1><p>${subscribed ? t.isSubscribed(contact.email) : t.isUnsubscribed(contact.email)}</p>
<form method="post"><input type="hidden" name="marketing" value="${subscribed ? 'unsubscribed' : 'subscribed'}">
<button type="submit">${subscribed ? t.button : t.resubscribe}</button></form>`,
      ),
    );
  })
  .post('/preferences/:token', async (c) => {
    const form = await c.req.parseBody();
    const state = form.marketing === 'subscribed' ? 'subscribed' : 'unsubscribed';
    const contact = await setMarketingConsent(c.var.deps, c.req.param('token'), state, 'preference page');
    return c.redirect(`/preferences/${c.req.param('token')}?saved=${contact.marketingConsent}`, 303);
  });
