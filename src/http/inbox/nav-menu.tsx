// The top bar's links: every agent's pages in the bar, the admin pages behind one "Admin" disclosure button
// (nav-menu-assets.ts folds them; without the script they stay a plain list). Agents never see admin links.
import type { MessageKey } from './i18n/catalog.ts';
import type { PageContext } from './layout.tsx';

const AGENT_LINKS: readonly (readonly [href: string, label: MessageKey])[] = [
  ['/inbox/contacts', 'contacts.title'],
  ['/inbox/reports', 'reports.nav'],
];

const ADMIN_LINKS: readonly (readonly [href: string, label: MessageKey])[] = [
  ['/inbox/templates', 'templates.title'],
  ['/inbox/outbox', 'outbox.title'],
  ['/inbox/faqs', 'nav.faq'],
  ['/inbox/broadcasts', 'nav.broadcasts'],
  ['/inbox/agents', 'nav.agents'],
  ['/inbox/inbound', 'nav.inbound'],
  ['/inbox/api-keys', 'nav.apiKeys'],
  ['/inbox/settings', 'settings.nav'],
];

export function NavLinks(props: { page: PageContext }) {
  const { t, agent } = props.page;
  return (
    <>
      {AGENT_LINKS.map(([href, label]) => (
        <a href={href}>{t(label)}</a>
      ))}
      {agent.role === 'admin' ? (
        <div class="admin-menu" data-admin-menu>
          <button type="button" class="admin-toggle" aria-expanded="false" aria-controls="admin-links" hidden>
            {t('menu.admin')}
          </button>
          <ul id="admin-links" aria-label={t('menu.adminPages')}>
            {ADMIN_LINKS.map(([href, label]) => (
              <li>
                <a href={href}>{t(label)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
