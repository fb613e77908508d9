// /inbox/settings: what a business sets for the whole inbox (admins). Every field has a label and a hint; after a
// failed save the page comes back with what was typed and each problem beside its field.
import type { FieldIssue } from '../../../domain/errors.ts';
import { WEEKDAYS } from '../../../domain/time/business-hours.ts';
import type { InboxSettingsDefaults } from '../../../services/inboxSettings.ts';
import { expectationText, fieldLabel } from '../error-text.ts';
import type { Translate } from '../i18n/catalog.ts';
import { Csrf, Layout, type PageContext } from '../layout.tsx';
import { hoursField, type SettingsFormValues } from './form.ts';

export interface SettingsPageProps {
  page: PageContext;
  values: SettingsFormValues;
  defaults: InboxSettingsDefaults;
  issues?: FieldIssue[];
  saved?: boolean;
}

function Field(props: {
  name: keyof SettingsFormValues;
  label: string;
  hint?: string;
  values: SettingsFormValues;
  issues: FieldIssue[];
  t: Translate;
  type?: string;
  inputmode?: 'decimal' | 'text';
  dir?: 'ltr' | 'auto';
}) {
  const problem = props.issues.find((i) => i.field === props.name);
  const hintId = `${props.name}-hint`;
  const errorId = `${props.name}-error`;
  const described = [props.hint ? hintId : '', problem ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class="settings-field">
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.values[props.name]}
        inputmode={props.inputmode}
        dir={props.dir ?? 'auto'}
        aria-describedby={described || undefined}
        aria-invalid={problem ? 'true' : undefined}
      />
      {props.hint ? (
        <p class="muted hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {problem ? (
        <p class="error" id={errorId}>
          {expectationText(problem.message, props.t)}
        </p>
      ) : null}
    </div>
  );
}

export function SettingsPage(props: SettingsPageProps) {
  const { t, csrf } = props.page;
  const issues = props.issues ?? [];
  const { values, defaults } = props;
  const common = { values, issues, t };
  const modeProblem = issues.find((i) => i.field === 'faq_mode');
  return (
    <Layout title={t('settings.title')} page={props.page}>
      <link rel="stylesheet" href="/static/reports.css" />
      <section class="card settings">
        <h1>{t('settings.title')}</h1>
        <p class="muted">{t('settings.intro')}</p>
        {props.saved ? (
          <p class="notice" role="status">
            {t('settings.saved')}
          </p>
        ) : null}
        {issues.length > 0 ? (
          <div class="error-summary" role="alert">
            <p>{t('settings.errorSummary')}</p>
            <ul>
              {issues.map((i) => (
                <li>
                  <a href={`#${i.field}`}>{fieldLabel(i.field, t)}</a>: {expectationText(i.message, t)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action="/inbox/settings" class="settings-form" novalidate>
          <Csrf token={csrf} />
          <fieldset>
            <legend>{t('settings.senderHeading')}</legend>
            <Field
              name="sender_name"
              label={t('settings.senderName')}
              hint={t('settings.senderNameHint', { name: defaults.senderName })}
              {...common}
            />
          </fieldset>
          <fieldset>
            <legend>{t('settings.targetHeading')}</legend>
            <Field
              name="target_hours"
              label={t('settings.targetHours')}
              hint={t('settings.targetHoursHint')}
              inputmode="decimal"
              dir="ltr"
              {...common}
            />
            <div class="settings-check">
              <input
                id="business_hours"
                name="business_hours"
                type="checkbox"
                value="on"
                checked={values.business_hours === 'on'}
                aria-describedby="business_hours-hint"
              />
              <label for="business_hours">{t('settings.businessHours')}</label>
              <p class="muted hint" id="business_hours-hint">
                {t('settings.businessHoursHint')}
              </p>
            </div>
            <Field name="time_zone" label={t('settings.timeZone')} hint={t('settings.timeZoneHint')} dir="ltr" {...common} />
            <fieldset class="opening-hours">
              <legend>{t('settings.openingHours')}</legend>
              <p class="muted hint">{t('settings.openingHoursHint')}</p>
              {WEEKDAYS.map((day) => (
                <Field name={hoursField(day)} label={t(`settings.${day}`)} dir="ltr" {...common} />
              ))}
            </fieldset>
          </fieldset>
          <fieldset>
            <legend>{t('settings.faqHeading')}</legend>
            <div class="settings-field">
              <label for="faq_mode">{t('settings.faqMode')}</label>
              <select
                id="faq_mode"
                name="faq_mode"
                aria-invalid={modeProblem ? 'true' : undefined}
                aria-describedby={modeProblem ? 'faq_mode-error' : undefined}
              >
                {(
                  [
                    ['', t('settings.faqModeDefault', { mode: defaults.faqMode })],
                    ['off', t('settings.faqModeOff')],
                    ['suggest', t('settings.faqModeSuggest')],
                    ['auto', t('settings.faqModeAuto')],
                  ] as const
                ).map(([value, label]) => (
                  <option value={value} selected={values.faq_mode === value}>
                    {label}
                  </option>
                ))}
              </select>
              {modeProblem ? (
                <p class="error" id="faq_mode-error">
                  {expectationText(modeProblem.message, t)}
                </p>
              ) : null}
            </div>
            <Field
              name="faq_min_confidence"
              label={t('settings.faqMinConfidence')}
              hint={t('settings.faqMinConfidenceHint', { value: defaults.faqMinConfidence })}
              inputmode="decimal"
              dir="ltr"
              {...common}
            />
            <Field
              name="faq_contact_limit_hours"
              label={t('settings.faqContactLimit')}
              hint={t('settings.faqContactLimitHint', { value: defaults.faqContactLimitHours })}
              inputmode="decimal"
              dir="ltr"
              {...common}
            />
          </fieldset>
          <fieldset>
            <legend>{t('settings.quietHeading')}</legend>
            <Field
              name="quiet_hours"
              label={t('settings.quietHours')}
              hint={t('settings.quietHoursHint', { value: defaults.quietHours })}
              dir="ltr"
              {...common}
            />
          </fieldset>
          <button type="submit" class="primary">
            {t('settings.save')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
