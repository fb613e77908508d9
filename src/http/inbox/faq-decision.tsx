// The autoresponder in the thread: what it decided about a customer's message and why, its
// suggestions (one click puts the answer into the composer), and the agents' lessons for it.
import { isolateText } from '../../domain/inbox/bidi.ts';
import type { FaqDecisionView } from '../../services/faqThread.ts';
import { Csrf } from './layout.tsx';

const percent = (confidence: number | null) => (confidence === null ? '' : `${Math.round(confidence * 100)}%`);

const HEADLINE: Record<FaqDecisionView['decision']['decision'], string> = {
  answered: 'Answered automatically with FAQ',
  handoff: 'Handed to a person',
  error: 'Autoresponder failed; handed to a person',
};

export function FaqDecisionPanel(props: { view: FaqDecisionView; conversationId: string; csrf: string; entryIds: string[] }) {
  const { decision: d, suggestions } = props.view;
  const base = `/inbox/c/${props.conversationId}/faq/${d.id}`;
  return (
    <aside class={`faq-decision ${d.decision}`} id={`faq-${d.id}`} aria-label="Autoresponder decision">
      <p>
        <strong>{HEADLINE[d.decision]}</strong>
        {d.decision === 'answered' && d.faqId ? (
          <>
            {' '}
            <bdi>{d.faqId}</bdi>
          </>
        ) : null}
        {d.confidence !== null ? <span class="muted"> · confidence {percent(d.confidence)}</span> : null}
        {d.locale ? <span class="muted"> · {d.locale}</span> : null}
        <span class="muted">
          {' '}
          · <bdi>{d.reason}</bdi>
        </span>
        {d.markedWrongAt ? <span class="badge flag">marked wrong</span> : null}
      </p>
      {d.decision !== 'answered' && suggestions.length ? (
        <ul class="faq-suggestions">
          {suggestions.map((s) => (
            <li>
              <bdi>{s.faqId}</bdi> <span class="muted">{percent(s.confidence)}</span>{' '}
              {s.answer ? (
                <a
                  class="insert-faq"
                  href={`/inbox/c/${props.conversationId}?insert=${encodeURIComponent(`${d.id}:${s.faqId}`)}#reply-text`}
                >
                  Insert answer
                </a>
              ) : (
                <span class="muted">(entry disabled or gone)</span>
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
            <Csrf token={props.csrf} />
            <button type="submit">Mark wrong</button>
          </form>
        ) : null}
        {props.entryIds.length ? (
          <form method="post" action={`${base}/example`}>
            <Csrf token={props.csrf} />
            <label>
              Add this question to{' '}
              <select name="faq_id" aria-label="FAQ entry">
                {props.entryIds.map((id) => (
                  <option value={id} selected={id === (d.faqId ?? suggestions[0]?.faqId)}>
                    {id}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="submit">Add example</button>
          </form>
        ) : null}
      </div>
    </aside>
  );
}
