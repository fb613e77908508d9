// /inbox/me: the agent's own settings: the inbox language, the time zone for times, the reply signature.
import { MAX_SIGNATURE_LENGTH, signatureProblem } from '../../domain/inbox/agent-settings.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { INBOX_LOCALES, type InboxLocale, type Translate } from './i18n/catalog.ts';
import { Csrf, Layout, type PageContext } from './layout.tsx';

/** Each language by its own name, so an agent finds theirs whatever the page speaks. */
const LANGUAGE_NAMES: Record<InboxLocale, string> = { en: 'English', sv: 'Svenska', he: 'עברית', zh: '中文（简体）' };

const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone.includes('/'))];

export interface MeValues {
  locale: string;
  timeZone: string;
  signature: string;
}

function fieldProblem(field: string, values: MeValues, t: Translate): string {
  if (field === 'locale') return t('me.invalidLocale');
  if (field === 'time_zone') return t('me.invalidTimeZone', { zone: values.timeZone.trim() });
  return signatureProblem(values.signature) === 'control'
    ? t('me.signatureControl')
    : t('me.signatureTooLong', { length: values.signature.replace(/\r\n?/g, '\n').trim().length, max: MAX_SIGNATURE_LENGTH });
}

function FieldError(props: { id: string; problem: string | undefined }) {
  return props.problem ? (
    <p class="error field-error" id={props.id}>
      {props.problem}
    </p>
  ) : null;
}

export function MePage(props: { page: PageContext; values: MeValues; saved?: boolean; issues?: FieldIssue[] }) {
  const { page, values } = props;
  const { t } = page;
  const problems = new Map((props.issues ?? []).map((issue) => [issue.field, fieldProblem(issue.field, values, t)]));
  const described = (field: string, id: string, help?: string) =>
    [help, problems.has(field) ? id : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <Layout title={t('me.title')} page={page}>
      <section class="card me-settings">
        <h1>{t('me.title')}</h1>
        <p class="muted">{t('me.intro')}</p>
        {props.saved ? (
          <p class="notice" role="status">
            {t('me.saved')}
          </p>
        ) : null}
        {problems.size ? (
          <p class="error" role="alert">
            {t('me.problems')}
          </p>
        ) : null}
        <form method="post" action="/inbox/me" class="settings-form">
          <Csrf token={page.csrf} />
          <label for="me-locale">{t('me.language')}</label>
          <select
            id="me-locale"
            name="locale"
            aria-invalid={problems.has('locale') ? 'true' : undefined}
            aria-describedby={described('locale', 'me-locale-error')}
          >
            <option value="" selected={values.locale === ''}>
              {t('me.browserDefault')}
            </option>
            {INBOX_LOCALES.map((locale) => (
              <option value={locale} lang={locale} selected={values.locale === locale}>
                {LANGUAGE_NAMES[locale]}
              </option>
            ))}
          </select>
          <FieldError id="me-locale-error" problem={problems.get('locale')} />
          <label for="me-zone">{t('me.timeZone')}</label>
          <input
            id="me-zone"
            name="time_zone"
            list="me-zones"
            value={values.timeZone}
            dir="ltr"
            autocomplete="off"
            spellcheck={false}
            aria-invalid={problems.has('time_zone') ? 'true' : undefined}
            aria-describedby={described('time_zone', 'me-zone-error', 'me-zone-help')}
          />
          <datalist id="me-zones">
            {TIME_ZONES.map((zone) => (
              <option value={zone} />
            ))}
          </datalist>
          <p class="muted help" id="me-zone-help">
            {t('me.timeZoneHelp')}
          </p>
          {/* Shown by /static/inbox-me.js with the browser's zone in it. */}
          <button type="button" class="link browser-zone" data-browser-zone="me-zone" hidden>
            {t('me.useBrowserZone')}: <bdi class="zone"></bdi>
          </button>
          <FieldError id="me-zone-error" problem={problems.get('time_zone')} />
          <label for="me-signature">{t('me.signature')}</label>
          <textarea
            id="me-signature"
            name="signature"
            rows={4}
            dir="auto"
            maxlength={MAX_SIGNATURE_LENGTH}
            aria-invalid={problems.has('signature') ? 'true' : undefined}
            aria-describedby={described('signature', 'me-signature-error', 'me-signature-help')}
          >
            {values.signature}
          </textarea>
          <p class="muted help" id="me-signature-help">
            {t('me.signatureHelp', { max: MAX_SIGNATURE_LENGTH })}
          </p>
          <FieldError id="me-signature-error" problem={problems.get('signature')} />
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
        </form>
        <script src="/static/inbox-me.js" defer></script>
      </section>
    </Layout>
  );
}
