// Saved replies without the script: search by words or #tag, each reply rendered for this contact,
// and a link that opens the conversation with it in the composer.
import type { SavedReply } from '../../services/savedReplies.ts';
import { Layout, type PageContext } from './layout.tsx';

export function SavedRepliesPage(props: { page: PageContext; conversationId: string; query: string; replies: SavedReply[] }) {
  const { t } = props.page;
  const back = `/inbox/c/${props.conversationId}`;
  return (
    <Layout title={t('savedReplies.title')} page={props.page}>
      <section class="card saved-replies-page">
        <a href={back}>← {t('savedReplies.back')}</a>
        <h1>{t('savedReplies.title')}</h1>
        <form method="get" class="row saved-replies-search">
          <input
            type="search"
            name="q"
            value={props.query}
            dir="auto"
            aria-label={t('savedReplies.searchLabel')}
            placeholder={t('savedReplies.searchPlaceholder')}
          />
          <button type="submit">{t('savedReplies.search')}</button>
        </form>
        {props.replies.length === 0 ? <p class="empty">{t('savedReplies.none')}</p> : null}
        <ul class="saved-replies">
          {props.replies.map((r) => (
            <li>
              <strong dir="auto">{r.title}</strong>{' '}
              {r.tags.map((tag) => (
                <bdi class="tag">{tag}</bdi>
              ))}
              {r.text !== null ? (
                <>
                  <div class="saved-reply-text" dir="auto">
                    {r.text}
                  </div>
                  <a href={`${back}?reply=${encodeURIComponent(r.id)}#reply-text`}>{t('savedReplies.insert')}</a>
                </>
              ) : (
                <p class="error">{t('savedReplies.cannotRender', { error: r.error ?? '' })}</p>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
