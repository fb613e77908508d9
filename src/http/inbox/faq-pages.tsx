// /inbox/faqs: the admins' FAQ pages: the list (enable/disable), and one entry edited per locale with
// a preview of each answer rendered for a sample contact. Answers are text: shown, never run as HTML.
import type { FaqPreview } from '../../services/faqs.ts';
import type { FaqEntryRow } from '../../store/faqs.ts';
import { Csrf, Layout, type PageContext } from './layout.tsx';

function Problem(props: { error?: string | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}

function EnableButton(props: { entry: FaqEntryRow; csrf: string }) {
  return (
    <form method="post" action={`/inbox/faqs/${props.entry.id}/enabled`} class="inline">
      <Csrf token={props.csrf} />
      <input type="hidden" name="enabled" value={props.entry.enabled ? 'false' : 'true'} />
      <button type="submit">{props.entry.enabled ? 'Disable' : 'Enable'}</button>
    </form>
  );
}

export function FaqListPage(props: { page: PageContext; entries: FaqEntryRow[]; mode: string; error?: string | undefined }) {
  return (
    <Layout title="FAQ" page={props.page}>
      <section class="faqs card">
        <h1>FAQ</h1>
        <p class="muted">
          Autoresponder: <strong>{props.mode}</strong> (FAQ_MODE). Entries in mode auto may be sent automatically when the matcher is sure;
          suggest entries are only offered to agents.
        </p>
        <Problem error={props.error} />
        <table>
          <thead>
            <tr>
              <th>Entry</th>
              <th>Example question</th>
              <th>Locales</th>
              <th>Mode</th>
              <th>Tags</th>
              <th>Status</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr class={e.enabled ? '' : 'disabled'}>
                <td>
                  <a href={`/inbox/faqs/${encodeURIComponent(e.id)}`}>
                    <bdi>{e.id}</bdi>
                  </a>
                </td>
                <td dir="auto">{Object.values(e.questions)[0]?.[0] ?? ''}</td>
                <td>{Object.keys(e.answers).join(', ')}</td>
                <td>{e.mode}</td>
                <td dir="auto">{e.tags.join(', ')}</td>
                <td>{e.enabled ? 'enabled' : 'disabled'}</td>
                <td>
                  <EnableButton entry={e} csrf={props.page.csrf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>New entry</h2>
        <form method="post" action="/inbox/faqs" class="faq-new">
          <Csrf token={props.page.csrf} />
          <label>
            Id <input name="id" placeholder="opening-hours" pattern="[A-Za-z0-9._\-]{1,64}" />
          </label>
          <label>
            Locale <input name="locale" value="en" required />
          </label>
          <label>
            Example questions (one per line)
            <textarea name="questions" rows={2} dir="auto"></textarea>
          </label>
          <label>
            Answer
            <textarea name="answer" rows={3} dir="auto" required></textarea>
          </label>
          <button type="submit" class="primary">
            Create
          </button>
        </form>
      </section>
    </Layout>
  );
}

function LocaleFields(props: { locale: string; questions: readonly string[]; answer: string; preview: FaqPreview | undefined }) {
  const { locale } = props;
  return (
    <fieldset class="faq-locale" lang={locale}>
      <legend>{locale}</legend>
      <label>
        Example questions (one per line)
        <textarea name={`questions.${locale}`} rows={3} dir="auto">
          {props.questions.join('\n')}
        </textarea>
      </label>
      <label>
        Answer (Liquid: contact.first_name, contact.name, conversation.subject …; empty removes the locale)
        <textarea name={`answer.${locale}`} rows={5} dir="auto">
          {props.answer}
        </textarea>
      </label>
      <div class="faq-rendered">
        <strong>Preview for a sample contact</strong>
        {props.preview?.error ? (
          <p class="error">{props.preview.error}</p>
        ) : (
          <div class="preview" dir="auto" data-locale={locale}>
            {props.preview?.text ?? ''}
          </div>
        )}
      </div>
    </fieldset>
  );
}

export function FaqEditPage(props: { page: PageContext; entry: FaqEntryRow; previews: FaqPreview[]; error?: string | undefined }) {
  const { entry, page } = props;
  const locales = [...new Set([...Object.keys(entry.answers), ...Object.keys(entry.questions)])];
  return (
    <Layout title={`FAQ ${entry.id}`} page={page}>
      <section class="faq-edit card">
        <a href="/inbox/faqs" class="back">
          ← FAQ
        </a>
        <h1>
          <bdi>{entry.id}</bdi> <span class="muted">{entry.enabled ? 'enabled' : 'disabled'}</span>
        </h1>
        <Problem error={props.error} />
        <EnableButton entry={entry} csrf={page.csrf} />
        <form method="post" action={`/inbox/faqs/${encodeURIComponent(entry.id)}`} class="faq-form">
          <Csrf token={page.csrf} />
          <label>
            Mode{' '}
            <select name="mode">
              <option value="auto" selected={entry.mode === 'auto'}>
                auto: may be sent automatically
              </option>
              <option value="suggest" selected={entry.mode === 'suggest'}>
                suggest: offered to agents only
              </option>
            </select>
          </label>
          <label>
            Tags (comma-separated) <input name="tags" value={entry.tags.join(', ')} dir="auto" />
          </label>
          {locales.map((locale) => (
            <LocaleFields
              locale={locale}
              questions={entry.questions[locale] ?? []}
              answer={entry.answers[locale] ?? ''}
              preview={props.previews.find((p) => p.locale === locale)}
            />
          ))}
          <fieldset class="faq-locale">
            <legend>Add a locale</legend>
            <label>
              Locale <input name="new_locale" placeholder="he" />
            </label>
            <label>
              Example questions (one per line)
              <textarea name="new_questions" rows={2} dir="auto"></textarea>
            </label>
            <label>
              Answer
              <textarea name="new_answer" rows={3} dir="auto"></textarea>
            </label>
          </fieldset>
          <button type="submit" class="primary">
            Save
          </button>
        </form>
        <form method="post" action={`/inbox/faqs/${encodeURIComponent(entry.id)}/delete`} class="inline">
          <Csrf token={page.csrf} />
          <button type="submit" class="close">
            Delete entry
          </button>
        </form>
      </section>
    </Layout>
  );
}
