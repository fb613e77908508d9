// /inbox/faqs: the admins' FAQ pages: the list (enable/disable), and one entry edited per locale with
// a preview of each answer rendered for a sample contact. Answers are text: shown, never run as HTML.
import type { FaqPreview } from '../../services/faqs.ts';
import type { FaqEntryRow } from '../../store/faqs.ts';
import type { Translate } from './i18n/catalog.ts';
import { withParts } from './i18n/catalog.ts';
import { Csrf, Layout, type PageContext, Problem } from './layout.tsx';
import { AdminTable } from './admin-table.tsx';

function EnableButton(props: { entry: FaqEntryRow; page: PageContext }) {
  const { t } = props.page;
  return (
    <form method="post" action={`/inbox/faqs/${props.entry.id}/enabled`} class="inline">
      <Csrf token={props.page.csrf} />
      <input type="hidden" name="enabled" value={props.entry.enabled ? 'false' : 'true'} />
      <button type="submit">{props.entry.enabled ? t('faq.disable') : t('faq.enable')}</button>
    </form>
  );
}

function modeWord(mode: string, t: Translate): string {
  return mode === 'auto' ? t('faq.modeAutoShort') : mode === 'suggest' ? t('faq.modeSuggestShort') : mode;
}

export function FaqListPage(props: { page: PageContext; entries: FaqEntryRow[]; mode: string; error?: string | undefined }) {
  const { t } = props.page;
  return (
    <Layout title={t('faq.title')} page={props.page}>
      <section class="faqs card">
        <h1>{t('faq.title')}</h1>
        <p class="muted">{withParts(t('faq.modeIntro'), { mode: <strong>{props.mode}</strong> })}</p>
        <Problem error={props.error} />
        {/* Wider than a phone: the table scrolls in its own region, reachable from the keyboard. */}
        <section class="table-scroll" aria-label={t('faq.title')} tabindex={0}>
          <AdminTable
            count={props.entries.length}
            head={[
              t('faq.entry'),
              t('faq.exampleQuestion'),
              t('faq.locales'),
              t('faq.mode'),
              t('faq.tags'),
              t('faq.status'),
              { hidden: t('faq.actions') },
            ]}
          >
            {props.entries.map((e) => (
              <tr class={e.enabled ? '' : 'disabled'}>
                <td>
                  <a href={`/inbox/faqs/${encodeURIComponent(e.id)}`}>
                    <bdi>{e.id}</bdi>
                  </a>
                </td>
                <td dir="auto">{Object.values(e.questions)[0]?.[0] ?? ''}</td>
                <td>{Object.keys(e.answers).join(', ')}</td>
                <td>{modeWord(e.mode, t)}</td>
                <td dir="auto">{e.tags.join(', ')}</td>
                <td>{e.enabled ? t('faq.enabled') : t('faq.disabled')}</td>
                <td>
                  <EnableButton entry={e} page={props.page} />
                </td>
              </tr>
            ))}
          </AdminTable>
        </section>
        <h2>{t('faq.newEntry')}</h2>
        <form method="post" action="/inbox/faqs" class="faq-new">
          <Csrf token={props.page.csrf} />
          <label>
            {t('faq.id')} <input name="id" placeholder="opening-hours" pattern="[A-Za-z0-9._\-]{1,64}" />
          </label>
          <label>
            {t('faq.locale')} <input name="locale" value="en" required />
          </label>
          <label>
            {t('faq.exampleQuestions')}
            <textarea name="questions" rows={2} dir="auto"></textarea>
          </label>
          <label>
            {t('faq.answer')}
            <textarea name="answer" rows={3} dir="auto" required></textarea>
          </label>
          <button type="submit" class="primary">
            {t('faq.create')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

function LocaleFields(props: {
  locale: string;
  questions: readonly string[];
  answer: string;
  preview: FaqPreview | undefined;
  t: Translate;
}) {
  const { locale, t } = props;
  // The fieldset's labels are in the agent's language; only the entry's own text is in the entry's.
  return (
    <fieldset class="faq-locale">
      <legend>{locale}</legend>
      <label>
        {t('faq.exampleQuestions')}
        <textarea lang={locale} name={`questions.${locale}`} rows={3} dir="auto">
          {props.questions.join('\n')}
        </textarea>
      </label>
      <label>
        {t('faq.answerHelp')}
        <textarea lang={locale} name={`answer.${locale}`} rows={5} dir="auto">
          {props.answer}
        </textarea>
      </label>
      <div class="faq-rendered">
        <strong>{t('faq.preview')}</strong>
        {props.preview?.error ? (
          <p class="error">{props.preview.error}</p>
        ) : (
          <div class="preview" dir="auto" lang={locale} data-locale={locale}>
            {props.preview?.text ?? ''}
          </div>
        )}
      </div>
    </fieldset>
  );
}

export function FaqEditPage(props: { page: PageContext; entry: FaqEntryRow; previews: FaqPreview[]; error?: string | undefined }) {
  const { entry, page } = props;
  const { t } = page;
  const locales = [...new Set([...Object.keys(entry.answers), ...Object.keys(entry.questions)])];
  return (
    <Layout title={t('faq.editTitle', { id: entry.id })} page={page}>
      <section class="faq-edit card">
        <a href="/inbox/faqs" class="back">
          {t('faq.back')}
        </a>
        <h1>
          <bdi>{entry.id}</bdi> <span class="muted">{entry.enabled ? t('faq.enabled') : t('faq.disabled')}</span>
        </h1>
        <Problem error={props.error} />
        <EnableButton entry={entry} page={page} />
        <form method="post" action={`/inbox/faqs/${encodeURIComponent(entry.id)}`} class="faq-form">
          <Csrf token={page.csrf} />
          <label>
            {t('faq.mode')}{' '}
            <select name="mode">
              <option value="auto" selected={entry.mode === 'auto'}>
                {t('faq.modeAuto')}
              </option>
              <option value="suggest" selected={entry.mode === 'suggest'}>
                {t('faq.modeSuggest')}
              </option>
            </select>
          </label>
          <label>
            {t('faq.tagsHelp')} <input name="tags" value={entry.tags.join(', ')} dir="auto" />
          </label>
          {locales.map((locale) => (
            <LocaleFields
              locale={locale}
              questions={entry.questions[locale] ?? []}
              answer={entry.answers[locale] ?? ''}
              preview={props.previews.find((p) => p.locale === locale)}
              t={t}
            />
          ))}
          <fieldset class="faq-locale">
            <legend>{t('faq.addLocale')}</legend>
            <label>
              {t('faq.locale')} <input name="new_locale" placeholder="he" />
            </label>
            <label>
              {t('faq.exampleQuestions')}
              <textarea name="new_questions" rows={2} dir="auto"></textarea>
            </label>
            <label>
              {t('faq.answer')}
              <textarea name="new_answer" rows={3} dir="auto"></textarea>
            </label>
          </fieldset>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
        </form>
        <form method="post" action={`/inbox/faqs/${encodeURIComponent(entry.id)}/delete`} class="inline">
          <Csrf token={page.csrf} />
          <button type="submit" class="close">
            {t('faq.deleteEntry')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
