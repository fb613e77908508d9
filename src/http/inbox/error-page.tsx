// An error for a person in a browser: what happened in their language, the technical detail, and the way back.
import type { AppError, AppErrorName } from '../../domain/errors.ts';
import { STATUS_BY_ERROR } from '../errors.ts';
import { detailOf, issueText } from './error-text.ts';
import { type MessageKey, type Ui, withParts } from './i18n/catalog.ts';
import { Layout } from './layout.tsx';

const HEADLINE: Record<AppErrorName, MessageKey> = {
  ValidationFailed: 'errors.badRequest',
  Unauthorized: 'errors.signInFirst',
  Forbidden: 'errors.forbidden',
  NotFound: 'errors.notFound',
  Conflict: 'errors.conflict',
  TooManyRequests: 'errors.tooMany',
  PayloadTooLarge: 'errors.tooLarge',
  SuppressedRecipient: 'errors.refused',
  NoMarketingConsent: 'errors.refused',
  FrequencyCapped: 'errors.refused',
  NotInAudience: 'errors.refused',
  DatabaseUnavailable: 'errors.unavailable',
  StorageUnavailable: 'errors.unavailable',
  BlobMissing: 'errors.serverError',
  InboundDisabled: 'errors.unavailable',
  PreflightFailed: 'errors.refused',
  WarningsNotAcknowledged: 'errors.refused',
};

/** A known detail in the agent's words, its path or id isolated; else the service's own words (English), isolated whole. */
function Detail(props: { message: string; ui: Ui }) {
  const { t } = props.ui;
  const known = detailOf(props.message);
  if (known) {
    const parts = Object.fromEntries(Object.entries(known.vars).map(([name, value]) => [name, <bdi>{value}</bdi>]));
    return <p class="muted">{withParts(t(known.key), parts)}</p>;
  }
  return <p class="muted">{withParts(t('errors.detail'), { detail: <bdi>{props.message}</bdi> })}</p>;
}

export function ErrorPage(props: { error: AppError; ui: Ui }) {
  const { t } = props.ui;
  const headline = t(HEADLINE[props.error.name]);
  return (
    <Layout title={headline} page={null} ui={props.ui}>
      <div class="card error-card">
        <h1>
          {STATUS_BY_ERROR[props.error.name]} · {headline}
        </h1>
        {props.error.issues.length > 0 ? (
          <ul>
            {props.error.issues.map((issue) => (
              <li>{issueText(issue, t)}</li>
            ))}
          </ul>
        ) : (
          <Detail message={props.error.message} ui={props.ui} />
        )}
        <p>
          <a href="/inbox">{t('errors.backToInbox')}</a>
        </p>
      </div>
    </Layout>
  );
}
