// /inbox/templates: the template files (read-only: the files are the source of truth) and one template's
// preview per locale for a chosen contact: subject, text, and the HTML in a sandboxed iframe (srcdoc, no
// allowances: nothing in it runs, and the page's CSP still blocks remote content), with a test send.
import type { FieldIssue } from '../../domain/errors.ts';
import type { TemplatePreview, TemplateSummary } from '../../services/templateGallery.ts';
import { AdminAssets } from './admin-assets.tsx';
import { ProblemSummary } from './admin-format.tsx';
import { displayName } from './format.ts';
import { Csrf, Layout, type PageContext } from './layout.tsx';
import { categoryWord } from './status-words.ts';
import { AdminTable } from './admin-table.tsx';

export function TemplateListPage(props: { page: PageContext; templates: TemplateSummary[] }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout title={t('templates.title')} page={page}>
      <AdminAssets />
      <section class="card">
        <h1>{t('templates.title')}</h1>
        <p class="muted">{t('templates.sourceOfTruth')}</p>
        <AdminTable
          wrap="table-wrap"
          class="template-table"
          count={props.templates.length}
          head={[t('templates.name'), t('templates.locales'), t('templates.category'), t('templates.files')]}
        >
          {props.templates.map((template) => (
            <tr>
              <td>
                <a href={`/inbox/templates/${template.name}`}>{template.name}</a>
              </td>
              <td>
                {template.locales.map((l, i) => (
                  <>
                    {i ? ', ' : ''}
                    <a href={`/inbox/templates/${template.name}?locale=${encodeURIComponent(l.locale)}`}>{l.locale}</a>
                  </>
                ))}
              </td>
              <td>{[...new Set(template.locales.map((l) => categoryWord(l.category, t)))].join(', ')}</td>
              <td>
                <code>templates/{template.name}/</code>
              </td>
            </tr>
          ))}
        </AdminTable>
      </section>
    </Layout>
  );
}

export interface TemplatePageProps {
  page: PageContext;
  template: TemplateSummary;
  locale: string;
  contact: string;
  data: string;
  preview: TemplatePreview | null;
  issues: FieldIssue[];
  sent?: string | undefined;
}

export function TemplatePage(props: TemplatePageProps) {
  const { page, template, locale } = props;
  const { t } = page;
  const file = template.locales.find((l) => l.locale === locale);
  return (
    <Layout title={t('templates.templateTitle', { name: template.name })} page={page}>
      <AdminAssets />
      <div class="template-layout">
        <section class="card">
          <a href="/inbox/templates" class="back">
            {t('templates.back')}
          </a>
          <h1>{template.name}</h1>
          <form method="get" action={`/inbox/templates/${template.name}`} class="template-preview-form">
            <label>
              {t('templates.locale')}
              <select name="locale">
                {template.locales.map((l) => (
                  <option value={l.locale} selected={l.locale === locale}>
                    {l.locale}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('templates.contact')}
              <input type="search" name="contact" value={props.contact} dir="auto" placeholder="ana@example.com" required />
            </label>
            <label>
              {t('templates.data')}
              <textarea name="data" rows={3} dir="ltr" spellcheck={false}>
                {props.data}
              </textarea>
            </label>
            <button type="submit" class="primary">
              {t('templates.previewButton')}
            </button>
          </form>
          <ProblemSummary page={page} issues={props.issues} message={props.issues.length ? t('templates.problems') : undefined} />
          {props.sent ? (
            <p class="notice" role="status">
              {t('templates.testSent', { email: page.agent.email })}
            </p>
          ) : null}
          {props.preview ? <Preview {...props} preview={props.preview} /> : <p class="muted">{t('templates.chooseContact')}</p>}
        </section>
        <aside class="card">
          <h2>{t('templates.fileTitle')}</h2>
          {file ? (
            <dl>
              <dt>{t('templates.textFile')}</dt>
              <dd>
                <code>{file.textPath}</code>
              </dd>
              <dt>{t('templates.htmlFile')}</dt>
              <dd>{file.htmlPath ? <code>{file.htmlPath}</code> : t('templates.noHtml')}</dd>
              <dt>{t('templates.category')}</dt>
              <dd>{categoryWord(file.category, t)}</dd>
              <dt>{t('templates.topic')}</dt>
              <dd>{file.topic ?? '—'}</dd>
            </dl>
          ) : null}
          <p class="muted">{t('templates.howToEdit')}</p>
        </aside>
      </div>
    </Layout>
  );
}

function Preview(props: TemplatePageProps & { preview: TemplatePreview }) {
  const { page, preview } = props;
  const { t } = page;
  if (preview.kind === 'choose') {
    return (
      <section aria-labelledby="matches-heading">
        <h2 id="matches-heading">{t('templates.matches')}</h2>
        {preview.matches.length === 0 ? <p>{t('templates.noMatches')}</p> : null}
        <ul class="template-matches">
          {preview.matches.map((c) => {
            const query = new URLSearchParams({ locale: props.locale, contact: c.email, data: props.data });
            return (
              <li>
                <a href={`/inbox/templates/${props.template.name}?${query}`}>
                  <bdi>{displayName(c.name, c.email)}</bdi>
                </a>{' '}
                <bdi class="muted">{c.email}</bdi>
              </li>
            );
          })}
        </ul>
      </section>
    );
  }
  const { rendered, contact } = preview;
  return (
    <section class="template-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">
        {t('templates.previewFor', { locale: rendered.locale })} <bdi>{displayName(contact.name, contact.email)}</bdi>
      </h2>
      {rendered.locale !== props.locale ? <p class="warning">{t('templates.fallback', { locale: rendered.locale })}</p> : null}
      <h3>{t('templates.subject')}</h3>
      <p class="preview-subject" dir="auto">
        {rendered.subject}
      </p>
      <h3>{t('templates.text')}</h3>
      <div class="preview-text" dir="auto">
        {rendered.text}
      </div>
      <h3>{t('templates.html')}</h3>
      {rendered.html === null ? (
        <p class="muted">{t('templates.noHtml')}</p>
      ) : (
        <iframe
          class="preview-frame"
          sandbox=""
          srcdoc={rendered.html}
          title={t('templates.htmlFrame')}
          referrerpolicy="no-referrer"
        ></iframe>
      )}
      <form method="post" action={`/inbox/templates/${props.template.name}/test`} class="inline">
        <Csrf token={page.csrf} />
        <input type="hidden" name="locale" value={props.locale} />
        <input type="hidden" name="contact" value={contact.email} />
        <input type="hidden" name="data" value={props.data} />
        <button type="submit">{t('templates.testSend', { email: page.agent.email })}</button>
      </form>
    </section>
  );
}
