// /u/:token: GET shows a confirmation page (link scanners must not unsubscribe anyone);
// POST unsubscribes at once with no login (RFC 8058 one-click, and the page's buttons). A link made
// for mail of one topic leaves that topic; the page also offers leaving all marketing.
// /preferences/:token: marketing on/off, "less often", and every topic, in the contact's language.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { getPreferences } from '../../services/preferences.ts';
import { resolveUnsubscribeToken, submitPreferenceForm, unsubscribeByToken } from '../../services/unsubscribe.ts';
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

const checked = (on: boolean) => (on ? html` checked` : '');
const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

export const unsubscribeRoutes = new Hono<AppEnv>()
  .get('/u/:token', async (c) => {
    const token = c.req.param('token');
    const { contact, topic } = await resolveUnsubscribeToken(c.var.deps, token);
    const t = pageText(contact.locale);
    c.header('Cache-Control', 'no-store');
    const buttons = topic
      ? html`<form method="post"><button type="submit">${t.topicButton(topic.name)}</button></form>
<form method="post"><input type="hidden" name="scope" value="all"><button type="submit">${t.allButton}</button></form>`
      : html`<form method="post"><button type="submit">${t.button}</button></form>`;
    return c.html(
      page(
        t,
        html`<h1>${t.title}</h1><p>${topic ? t.confirmTopic(contact.email, topic.name) : t.confirm(contact.email)}</p>
${buttons}<p><a href="/preferences/${token}">${t.managePreferences}</a></p>`,
      ),
    );
  })
  .post('/u/:token', async (c) => {
    const token = c.req.param('token');
    const form = await c.req.parseBody();
    const deps = c.var.deps;
    // One-click (RFC 8058) posts List-Unsubscribe=One-Click: it leaves the link's own topic.
    const { contact, topic } =
      form.scope === 'all'
        ? await unsubscribeByToken(deps, token, 'unsubscribe link', { all: true })
        : await unsubscribeByToken(deps, token, 'unsubscribe link');
    const t = pageText(contact.locale);
    const body = topic
      ? html`<h1>${t.topicDone(topic.name)}</h1><p>${t.topicDoneDetail(contact.email, topic.name)}</p>`
      : html`<h1>${t.done}</h1><p>${t.doneDetail(contact.email)}</p>`;
    return c.html(page(t, html`${body}<p><a href="/preferences/${token}">${t.managePreferences}</a></p>`));
  })
  .get('/preferences/:token', async (c) => {
    const token = c.req.param('token');
    const { contact } = await resolveUnsubscribeToken(c.var.deps, token);
    const prefs = await getPreferences(c.var.deps, contact.id);
    const t = pageText(contact.locale);
    const subscribed = prefs.marketing === 'subscribed';
    c.header('Cache-Control', 'no-store');
    const topics = prefs.topics.length
      ? html`<fieldset><legend>${t.topicsHeading}</legend>${prefs.topics.map(
          (topic) =>
            html`<p><label><input type="checkbox" name="topic" value="${topic.key}"${checked(topic.subscribed)}> ${topic.name}</label>${
              topic.description ? html`<br><small>${topic.description}</small>` : ''
            }</p>`,
        )}</fieldset>`
      : '';
    return c.html(
      page(
        t,
        html`<h1>${t.preferences}</h1>${c.req.query('saved') !== undefined ? html`<p role="status">${t.saved}</p>` : ''}
<p>${subscribed ? t.isSubscribed(contact.email) : t.isUnsubscribed(contact.email)}</p>
<form method="post">
<p><label><input type="checkbox" name="marketing" value="subscribed"${checked(subscribed)}> ${t.marketingLabel}</label></p>
<p><label><input type="checkbox" name="frequency" value="weekly"${checked(prefs.frequency === 'weekly')}> ${t.lessOften}</label></p>
${topics}
<button type="submit">${t.save}</button></form>`,
      ),
    );
  })
  .post('/preferences/:token', async (c) => {
    const token = c.req.param('token');
    const form = await c.req.parseBody({ all: true });
    await submitPreferenceForm(
      c.var.deps,
      token,
      { marketing: form.marketing === 'subscribed', lessOften: form.frequency === 'weekly', topics: asList(form.topic) },
      'preference page',
    );
    return c.redirect(`/preferences/${token}?saved`, 303);
  });
