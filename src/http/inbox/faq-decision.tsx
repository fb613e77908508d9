// The autoresponder in the thread: what it decided about a customer's message and why, its
// suggestions (one click puts the answer into the composer), and the agents' lessons for it.
import { isolateText } from '../../domain/inbox/bidi.ts';
import type { FaqDecisionView } from '../../services/faqThread.ts';
import type { MessageKey } from './i18n/catalog.ts';
import { Csrf, type PageContext } from './layout.tsx';

function percent(confidence: number | null, locale: string): string {
  return confidence === null ? '' : new Intl.NumberFormat(locale, { style: 'percent' }).format(confidence);
}

const HEADLINE: Record<FaqDecisionView['decision']['decision'], MessageKey> = {
  answered: 'faq.decisionAnswered',
  handoff: 'faq.decisionHandoff',
  error: 'faq.decisionError',
};

export function FaqDecisionPanel(props: { view: FaqDecisionView; conversationId: string; page: PageContext; entryIds: string[] }) {
  const { decision: d, suggestions } = props.view;
  const { t, locale, csrf } = props.page;
  const base = `/inbox/c/${props.conversationId}/faq/${d.id}`;
  return (
    <aside class={`faq-decision ${d.decision}`} id={`faq-${d.id}`} aria-label={t('faq.decisionLabel')}>
      <p>
        <strong>{t(HEADLINE[d.decision])}</strong>
        {d.decision === 'answered' && d.faqId ? (
          <>
            {' '}
            <bdi>{d.faqId}</bdi>
          </>
        ) : null}
        {d.confidence !== null ? <span class="muted"> · {t('faq.confidence', { percent: percent(d.confidence, locale) })}</span> : null}
        {d.locale ? <span class="muted"> · {d.locale}</span> : null}
        <span class="muted">
          {' '}
          · <bdi>{d.reason}</bdi>
        </span>
        {d.markedWrongAt ? <span class="badge flag">{t('faq.markedWrong')}</span> : null}
      </p>
      {d.decision !== 'answered' && suggestions.length ? (
        <ul class="faq-suggestions">
          {suggestions.map((s) => (
            <li>
              <bdi>{s.faqId}</bdi> <span class="muted">{percent(s.confidence, locale)}</span>{' '}
              {s.answer ? (
                <a
                  class="insert-faq"
                  href={`/inbox/c/${props.conversationId}?insert=${encodeURIComponent(`${d.id}:${s.faqId}`)}#reply-text`}
                >
                  {t('faq.insertAnswer')}
                </a>
              ) : (
                <span class="muted">{t('faq.entryGone')}</span>
              )}
              {s.answer ? (
                <div class="faq-preview" dir="auto" title={isolateText(s.answer.text)}>
                  {s.answer.text}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="faq-teach">
        {!d.markedWrongAt && (d.decision === 'answered' || suggestions.length) ? (
          <form method="post" action={`${base}/wrong`}>
            <Csrf token={csrf} />
            <button type="submit">{t('faq.markWrong')}</button>
          </form>
        ) : null}
        {props.entryIds.length ? (
          <form method="post" action={`${base}/example`}>
            <Csrf token={csrf} />
            <label>
              {t('faq.addQuestionTo')}{' '}
              <select name="faq_id" aria-label={t('faq.entry')}>
                {props.entryIds.map((id) => (
                  <option value={id} selected={id === (d.faqId ?? suggestions[0]?.faqId)}>
                    {id}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="submit">{t('faq.addExample')}</button>
          </form>
        ) : null}
      </div>
    </aside>
  );
}
