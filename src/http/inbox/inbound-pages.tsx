// /inbox/inbound: kept inbound mail that failed (or was rejected), with "Process again". Nothing of the mail's
// content is rendered here: only its envelope, size and the error, so a hostile message cannot act on the page.
import { INBOUND_STATUSES, type InboundStatus } from '../../domain/vocabulary.ts';
import type { listInbound } from '../../services/inboundAdmin.ts';
import { Csrf, Layout, type PageContext } from './layout.tsx';
import { formatBytes, When } from './admin-format.tsx';
import { AdminTable } from './admin-table.tsx';

export interface ReprocessedNotice {
  id: string;
  status: 'processed' | 'failed';
  conversationId: string | null;
  error: string | null;
}

export function InboundPage(props: {
  page: PageContext;
  status: InboundStatus;
  rows: Awaited<ReturnType<typeof listInbound>>;
  notice?: ReprocessedNotice | undefined;
}) {
  const { t } = props.page;
  const notice = props.notice;
  return (
    <Layout title={t('inbound.title')} page={props.page}>
      <section class="admin card">
        <h1>{t('inbound.title')}</h1>
        <p class="muted">{t('inbound.intro')}</p>
        <nav class="tabs" aria-label={t('inbound.statusTabs')}>
          {INBOUND_STATUSES.map((s) => (
            <a href={`/inbox/inbound?status=${s}`} aria-current={s === props.status ? 'page' : undefined}>
              {t(`inbound.status_${s}`)}
            </a>
          ))}
        </nav>
        {notice ? (
          <p class={notice.status === 'processed' ? 'notice' : 'error'} role="status">
            {notice.status === 'processed' ? t('inbound.reprocessed') : t('inbound.stillFailing', { error: notice.error ?? '' })}{' '}
            {notice.conversationId ? <a href={`/inbox/c/${notice.conversationId}`}>{t('inbound.openConversation')}</a> : null}
          </p>
        ) : null}
        <AdminTable
          class="agent-table"
          count={props.rows.length}
          empty={t('inbound.none')}
          head={[
            t('inbound.received'),
            t('inbound.from'),
            t('inbound.to'),
            t('inbound.size'),
            t('inbound.attempts'),
            t('inbound.error'),
            { hidden: t('inbound.reprocess') },
          ]}
        >
          {props.rows.map((r) => (
            <tr>
              <td data-label={t('inbound.received')}>
                <When page={props.page} at={r.receivedAt} />
              </td>
              <td dir="auto" data-label={t('inbound.from')}>
                {r.envelopeFrom ?? ''}
              </td>
              <td dir="auto" data-label={t('inbound.to')}>
                {r.envelopeTo ?? ''}
              </td>
              <td data-label={t('inbound.size')}>{formatBytes(r.rawSize, props.page.locale)}</td>
              <td data-label={t('inbound.attempts')}>{r.attempts}</td>
              <td dir="auto" data-label={t('inbound.error')}>
                {r.error ?? ''}
              </td>
              <td>
                {r.status === 'processed' ? null : (
                  <form method="post" action={`/inbox/inbound/${r.id}/reprocess`}>
                    <Csrf token={props.page.csrf} />
                    <button type="submit">{t('inbound.reprocess')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      </section>
    </Layout>
  );
}
