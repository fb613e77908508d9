// /inbox/api-keys: admins create, list and revoke API keys. A new key's secret is shown once, on the page
// that created it; the list shows only its prefix.
import { apiKeyStatus } from '../../domain/auth/api-key.ts';
import type { ApiKeyRow } from '../../store/api-keys.ts';
import { Csrf, Layout, type PageContext, Problem } from './layout.tsx';
import { When } from './admin-format.tsx';
import { AdminTable } from './admin-table.tsx';

export function ApiKeysPage(props: {
  page: PageContext;
  keys: ApiKeyRow[];
  now: number;
  created?: { name: string; secret: string } | undefined;
  error?: string | undefined;
}) {
  const { t, csrf } = props.page;
  return (
    <Layout title={t('apiKeys.title')} page={props.page}>
      <section class="admin card">
        <h1>{t('apiKeys.title')}</h1>
        <p class="muted">{t('apiKeys.intro')}</p>
        <Problem error={props.error} />
        {props.created ? (
          <div class="notice" role="status">
            <p>{t('apiKeys.createdOnce', { name: props.created.name })}</p>
            <code class="secret">{props.created.secret}</code>
          </div>
        ) : null}
        <AdminTable
          class="agent-table"
          count={props.keys.length}
          empty={t('apiKeys.none')}
          head={[
            t('apiKeys.name'),
            t('apiKeys.prefix'),
            t('apiKeys.role'),
            t('apiKeys.status'),
            t('apiKeys.lastUsed'),
            t('apiKeys.expires'),
            { hidden: t('apiKeys.revoke') },
          ]}
        >
          {props.keys.map((k) => {
            const status = apiKeyStatus(k, props.now);
            return (
              <tr>
                <td dir="auto" data-label={t('apiKeys.name')}>
                  {k.name}
                </td>
                <td data-label={t('apiKeys.prefix')}>
                  <code>{k.prefix}…</code>
                </td>
                <td data-label={t('apiKeys.role')}>{t(`apiKeys.role_${k.role}`)}</td>
                <td data-label={t('apiKeys.status')}>{t(`apiKeys.status_${status}`)}</td>
                <td data-label={t('apiKeys.lastUsed')}>
                  {k.lastUsedAt === null ? t('apiKeys.never') : <When page={props.page} at={k.lastUsedAt} />}
                </td>
                <td data-label={t('apiKeys.expires')}>
                  {k.expiresAt === null ? t('apiKeys.never') : <When page={props.page} at={k.expiresAt} />}
                </td>
                <td>
                  {status === 'active' ? (
                    <form method="post" action={`/inbox/api-keys/${k.id}/revoke`}>
                      <Csrf token={csrf} />
                      <button type="submit" aria-label={t('apiKeys.revokeNamed', { name: k.name })}>
                        {t('apiKeys.revoke')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </AdminTable>
        <h2>{t('apiKeys.create')}</h2>
        <form method="post" action="/inbox/api-keys" class="row invite-form">
          <Csrf token={csrf} />
          <label>
            {t('apiKeys.name')} <input name="name" required maxlength={100} dir="auto" />
          </label>
          <label>
            {t('apiKeys.role')}{' '}
            <select name="role">
              <option value="standard">{t('apiKeys.role_standard')}</option>
              <option value="admin">{t('apiKeys.role_admin')}</option>
            </select>
          </label>
          <label>
            {t('apiKeys.expiresOn')} <input name="expires_at" type="date" />
          </label>
          <button type="submit" class="primary">
            {t('apiKeys.createButton')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
