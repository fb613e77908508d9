// /inbox/settings (admins): show the settings, save them all at once; bad input comes back with every field kept.
import { type Context, Hono } from 'hono';
import { AppError, isAppError } from '../../../domain/errors.ts';
import { inboxSettingsDefaults, loadInboxSettings, saveInboxSettings } from '../../../services/inboxSettings.ts';
import { parseOrThrow } from '../../validation.ts';
import { type InboxEnv, pageContext } from '../session.ts';
import { formValuesFrom, formValuesOf, SettingsForm, settingsFromForm } from './form.ts';
import { SettingsPage } from './page.tsx';

export const settingsInboxRoutes = new Hono<InboxEnv>();

settingsInboxRoutes.use('*', async (c, next) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can change the inbox settings');
  await next();
});

async function show(c: Context<InboxEnv>, saved: boolean) {
  const page = pageContext(c);
  const values = formValuesOf(await loadInboxSettings(c.var.deps), page.timeZone);
  return c.html(<SettingsPage page={page} values={values} defaults={inboxSettingsDefaults(c.var.deps)} saved={saved} />);
}

settingsInboxRoutes.get('/', (c) => show(c, c.req.query('saved') === '1'));

settingsInboxRoutes.post('/', async (c) => {
  const body = await c.req.parseBody();
  try {
    await saveInboxSettings(c.var.deps, settingsFromForm(parseOrThrow(SettingsForm, body, 'settings')));
  } catch (error) {
    if (!isAppError(error) || error.name !== 'ValidationFailed') throw error;
    const page = (
      <SettingsPage
        page={pageContext(c)}
        values={formValuesFrom(body)}
        defaults={inboxSettingsDefaults(c.var.deps)}
        issues={error.issues}
      />
    );
    return c.html(page, 400);
  }
  return c.redirect('/inbox/settings?saved=1', 303);
});
