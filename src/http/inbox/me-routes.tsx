// /inbox/me: an agent reads and saves their own settings (language, time zone, signature).
import { Hono } from 'hono';
import * as v from 'valibot';
import { isAppError } from '../../domain/errors.ts';
import { saveAgentSettings } from '../../services/agents.ts';
import { formText, parseForm } from '../validation.ts';
import { INBOX_LOCALES } from './i18n/catalog.ts';
import { MePage } from './me-page.tsx';
import { pageContext, type InboxEnv } from './session.ts';

const SettingsForm = v.object({ locale: formText(), time_zone: formText(), signature: formText() });

export const meRoutes = new Hono<InboxEnv>();

meRoutes.get('/', (c) => {
  const agent = c.var.session.agent;
  const values = { locale: agent.locale ?? '', timeZone: agent.timeZone ?? '', signature: agent.signature ?? '' };
  return c.html(<MePage page={pageContext(c)} values={values} saved={c.req.query('saved') === '1'} />);
});

meRoutes.post('/', async (c) => {
  const form = await parseForm(c, SettingsForm, 'settings');
  const values = { locale: form.locale, timeZone: form.time_zone, signature: form.signature };
  try {
    await saveAgentSettings(c.var.deps, c.var.session.agent, values, INBOX_LOCALES);
  } catch (error) {
    if (isAppError(error) && error.name === 'ValidationFailed')
      return c.html(<MePage page={pageContext(c)} values={values} issues={error.issues} />, 422);
    throw error;
  }
  return c.redirect('/inbox/me?saved=1', 303);
});
