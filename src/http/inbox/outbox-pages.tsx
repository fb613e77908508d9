// /inbox/outbox: the dev outbox (no RESEND_API_KEY): what would have been sent, newest first, each with
// "Reply as the customer", which answers it with real MIME through the inbound path.
import type { DevOutboxRow } from '../../store/dev-outbox.ts';
import { AdminAssets } from './admin-assets.tsx';
import { When } from './admin-format.tsx';
import { Csrf, Layout, type PageContext, Problem } from './layout.tsx';

export interface OutboxPageProps {
  page: PageContext;
  /** null: the dev outbox is off (mail goes through Resend). */
  rows: DevOutboxRow[] | null;
  replied?: { conversationId: string | null; outboxId: string } | undefined;
  error?: { outboxId: string; message: string } | undefined;
}

export function OutboxPage(props: OutboxPageProps) {
  const { page, rows } = props;
  const { t } = page;
  return (
    <Layout title={t('outbox.title')} page={page}>
      <AdminAssets />
      <section class="card">
        <h1>{t('outbox.title')}</h1>
        {rows === null ? (
          <p class="warning">{t('outbox.off')}</p>
        ) : (
          <>
            <p class="muted">{t('outbox.intro')}</p>
            {props.replied ? (
              <p class="notice" role="status">
                {t('outbox.replied')}{' '}
                {props.replied.conversationId ? (
                  <a href={`/inbox/c/${props.replied.conversationId}`} class="replied-conversation">
                    {t('outbox.openConversation')}
                  </a>
                ) : null}
              </p>
            ) : null}
            {rows.length === 0 ? <p class="empty">{t('outbox.empty')}</p> : null}
            <ol class="outbox-list">
              {rows.map((row) => (
                <OutboxEntry page={page} row={row} error={props.error?.outboxId === row.id ? props.error.message : undefined} />
              ))}
            </ol>
          </>
        )}
      </section>
    </Layout>
  );
}

function OutboxEntry(props: { page: PageContext; row: DevOutboxRow; error?: string | undefined }) {
  const { page, row } = props;
  const { t } = page;
  const replyId = `reply-${row.id}`;
  return (
    <li class="outbox-entry card" id={row.id}>
      <h2 dir="auto">{row.subject}</h2>
      <p class="muted">
        {t('outbox.to')} <bdi>{row.to.join(', ')}</bdi> · {t('outbox.from')} <bdi>{row.from}</bdi>
        {' · '}
        <When page={page} at={row.createdAt} />
        {' · '}
        <a href={`/inbox/outbox/${row.id}.eml`}>{t('outbox.download')}</a>
      </p>
      <div class="outbox-body" dir="auto">
        {row.text ?? ''}
      </div>
      <details open={props.error !== undefined}>
        <summary>{t('outbox.replyAsCustomer')}</summary>
        <form method="post" action={`/inbox/outbox/${row.id}/reply`} class="reply-form">
          <Csrf token={page.csrf} />
          <Problem error={props.error} />
          <label for={replyId}>{t('outbox.replyText', { email: row.to[0] ?? '' })}</label>
          <textarea id={replyId} name="text" rows={4} dir="auto" required></textarea>
          <label>
            <input type="checkbox" name="quote" value="yes" checked /> {t('outbox.quote')}
          </label>
          <button type="submit" class="primary">
            {t('outbox.sendReply')}
          </button>
        </form>
      </details>
    </li>
  );
}
