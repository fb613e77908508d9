import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { bidiParts } from '../../domain/inbox/bidi.ts';
import type { AgentRow } from '../../store/agents.ts';
import { type Ui, uiFor } from './i18n/catalog.ts';
import { NavLinks } from './nav-menu.tsx';

export interface PageContext extends Ui {
  agent: AgentRow;
  csrf: string;
}

const DEFAULT_UI = uiFor('en', 'UTC');

/** A form's refusal, announced to screen readers; nothing when there is none. */
export function Problem(props: { error?: string | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * A filename as agents must see it: isolated from the text around it, its bidi controls shown
 * as markers (`invoice⟨RLO⟩fdp.exe`, not "invoiceexe.pdf").
 */
export function Filename({ name }: { name: string }) {
  return (
    <bdi class="filename">
      {bidiParts(name).map((part) =>
        part.control ? (
          <span class="bidi-control" title="hidden text-direction control">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </bdi>
  );
}

/** Page titles carry user text (subjects, queries): callers isolate it with isolateText. */
export function Layout(props: {
  title: string;
  page: PageContext | null;
  /** The language of a page without a signed-in agent (sign-in, invitation); signed-in pages use the page's. */
  ui?: Ui;
  children: Child;
  bodyClass?: string;
  query?: string;
}) {
  const { t, locale, dir } = props.page ?? props.ui ?? DEFAULT_UI;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale} dir={dir}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          {props.page ? <meta name="csrf-token" content={props.page.csrf} /> : null}
          <title>{props.title} · Samtal</title>
          <link rel="stylesheet" href="/static/inbox.css" />
          <script src={`/static/inbox-text/${locale}.js`} defer></script>
          <script src="/static/inbox.js" defer></script>
          {props.page ? <link rel="stylesheet" href="/static/inbox-team.css" /> : null}
          {props.page ? <script src="/static/inbox-team.js" defer></script> : null}
          {props.page ? <link rel="stylesheet" href="/static/inbox-menu.css" /> : null}
          {props.page ? <script src="/static/inbox-menu.js" defer></script> : null}
        </head>
        {/* A zone the agent chose: the page's script shows times in it instead of the browser's. */}
        <body class={props.bodyClass ?? ''} data-time-zone={props.page?.agent.timeZone ?? undefined}>
          {props.page ? (
            <header class="topbar">
              <a class="brand" href="/inbox">
                Samtal
              </a>
              {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark; <search> would need a wrapper */}
              <form class="search" method="get" action="/inbox/search" role="search">
                <input
                  type="search"
                  name="q"
                  value={props.query ?? ''}
                  dir="auto"
                  placeholder={t('nav.searchPlaceholder')}
                  aria-label={t('nav.searchLabel')}
                  aria-keyshortcuts="/"
                />
              </form>
              <nav aria-label={t('nav.mainNavigation')}>
                <NavLinks page={props.page} />
                <a class="me" href="/inbox/me" dir="auto" aria-label={t('nav.mySettings', { name: props.page.agent.name })}>
                  {props.page.agent.name}
                </a>
                <form method="post" action="/logout" class="inline">
                  <Csrf token={props.page.csrf} />
                  <button type="submit" class="link">
                    {t('nav.signOut')}
                  </button>
                </form>
              </nav>
            </header>
          ) : null}
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}
