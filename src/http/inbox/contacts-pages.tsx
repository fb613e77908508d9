// /inbox/contacts: the contact list (filters, a page at a time) with the admins' CSV import (progress and
// per-row errors drawn by /static/admin.js), and one contact's page: fields, attributes, consent and topics,
// the consent log, the activity timeline and their conversations. User text is isolated (<bdi>, dir=auto).
import type { FieldIssue } from '../../domain/errors.ts';
import type { DeliveryDecisionKind } from '../../domain/vocabulary.ts';
import type { ContactFilter, ContactDirectoryPage } from '../../services/contactDirectory.ts';
import type { ContactPageData } from '../../services/contactPage.ts';
import type { ActivityRow } from '../../store/activity.ts';
import type { ConsentLogRow } from '../../store/consent-log.ts';
import { AdminAssets } from './admin-assets.tsx';
import { FieldProblem, problemId, ProblemSummary, When } from './admin-format.tsx';
import { displayName } from './format.ts';
import { Csrf, Layout, type PageContext } from './layout.tsx';
import { ConversationLinks } from './conversation-links.tsx';
import { DELIVERY_WORDS, REASON_WORDS, wordFor } from './status-words.ts';
import { AdminTable } from './admin-table.tsx';

export function ContactListPage(props: {
  page: PageContext;
  data: ContactDirectoryPage;
  filter: Omit<ContactFilter, 'limit'>;
  canImport: boolean;
}) {
  const { page, data, filter } = props;
  const { t } = page;
  const next = data.nextCursor ? `/inbox/contacts?${nextQuery(filter, data.nextCursor)}` : null;
  return (
    <Layout title={t('contacts.title')} page={page}>
      <AdminAssets />
      <section class="contacts-page card">
        <h1>{t('contacts.title')}</h1>
        {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark */}
        <form method="get" action="/inbox/contacts" class="contact-filters" role="search" aria-label={t('contacts.filterLabel')}>
          <label>
            {t('contacts.query')}
            <input type="search" name="q" value={filter.q ?? ''} dir="auto" />
          </label>
          <label>
            {t('contacts.locale')}
            <input name="locale" value={filter.locale ?? ''} placeholder="sv" size={8} />
          </label>
          <label>
            {t('contacts.topic')}
            <select name="topic">
              <option value="">{t('contacts.anyTopic')}</option>
              {data.topics.map((topic) => (
                <option value={topic.key} selected={filter.topic === topic.key}>
                  {topic.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('contacts.segment')}
            <select name="segment">
              <option value="">{t('contacts.anySegment')}</option>
              {data.segments.map((s) => (
                <option value={s.id} selected={filter.segment === s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('contacts.filter')}</button>
          <a href="/inbox/contacts">{t('contacts.clearFilter')}</a>
        </form>
        <AdminTable
          class="contact-table"
          wrap="table-wrap"
          count={data.contacts.length}
          empty={t('contacts.none')}
          head={[t('contacts.name'), t('contacts.email'), t('contacts.locale'), t('contacts.marketing'), t('contacts.added')]}
        >
          {data.contacts.map((c) => (
            <tr>
              <td>
                <a href={`/inbox/contacts/${c.id}`}>
                  <bdi>{displayName(c.name, c.email)}</bdi>
                </a>
              </td>
              <td>
                <bdi>{c.email}</bdi>
              </td>
              <td>{c.locale ?? '—'}</td>
              <td>{t(`contacts.consent_${c.marketingConsent}`)}</td>
              <td>
                <When page={page} at={c.createdAt} />
              </td>
            </tr>
          ))}
        </AdminTable>
        {next ? (
          <a class="more" href={next}>
            {t('contacts.nextPage')}
          </a>
        ) : null}
      </section>
      {props.canImport ? <ImportSection page={page} /> : null}
    </Layout>
  );
}

function nextQuery(filter: Omit<ContactFilter, 'limit'>, cursor: string): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'locale', 'topic', 'segment'] as const) if (filter[key]) params.set(key, filter[key]!);
  params.set('cursor', cursor);
  return params.toString();
}

/** The CSV import: /static/admin.js posts the file, reads the NDJSON progress and draws the report. */
function ImportSection(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <section class="contact-import card" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('contacts.importTitle')}</h2>
      <p class="muted">{t('contacts.importHelp')}</p>
      <p class="muted">{t('contacts.importTopicsHelp')}</p>
      <noscript>
        <p class="warning">{t('contacts.importNeedsScript')}</p>
      </noscript>
      <form
        id="contact-import"
        action="/inbox/contacts/import"
        data-msg-reading={t('contacts.importReading')}
        data-msg-done={t('contacts.importDone')}
        data-msg-stopped={t('contacts.importStopped')}
        data-msg-failed={t('contacts.importFailed')}
        data-msg-session={t('contacts.importSession')}
        data-msg-show-list={t('contacts.importShowList')}
        data-msg-line={t('contacts.importLine')}
        data-msg-column={t('contacts.importColumn')}
        data-msg-expected={t('contacts.importExpected')}
        data-msg-more={t('contacts.importMoreErrors')}
      >
        <label>
          {t('contacts.importFile')}
          <input type="file" name="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit" class="primary">
          {t('contacts.importButton')}
        </button>
      </form>
      <progress id="import-progress" max={100} value={0} hidden aria-label={t('contacts.importProgress')}></progress>
      <p id="import-status" role="status" aria-live="polite"></p>
      <div id="import-errors"></div>
    </section>
  );
}

export interface ContactFormState {
  values: { name: string; locale: string; timezone: string; attributes: { name: string; value: string }[] };
  issues: FieldIssue[];
}

/** Blank rows after the attributes, for new ones. */
const SPARE_ATTRIBUTE_ROWS = 3;

export function ContactPage(props: {
  page: PageContext;
  data: ContactPageData;
  agentNames: ReadonlyMap<string, string>;
  form: ContactFormState;
  saved?: boolean | undefined;
  now: number;
}) {
  const { page, data, form } = props;
  const { t } = page;
  const { contact } = data;
  const rows = [...form.values.attributes, ...Array.from({ length: SPARE_ATTRIBUTE_ROWS }, () => ({ name: '', value: '' }))];
  const described = (field: string) => (form.issues.some((i) => i.field === field) ? problemId(field) : undefined);
  return (
    <Layout title={t('contacts.contactTitle', { name: displayName(contact.name, contact.email) })} page={page}>
      <AdminAssets />
      <div class="contact-layout">
        <section class="card contact-main">
          <a href="/inbox/contacts" class="back">
            {t('contacts.back')}
          </a>
          <h1>
            <bdi>{displayName(contact.name, contact.email)}</bdi>
          </h1>
          <p class="muted">
            <bdi>{contact.email}</bdi>
          </p>
          {props.saved ? (
            <p class="notice" role="status">
              {t('contacts.saved')}
            </p>
          ) : null}
          <ProblemSummary page={page} issues={form.issues} />
          <form method="post" action={`/inbox/contacts/${contact.id}`} class="contact-form" novalidate>
            <Csrf token={page.csrf} />
            <label>
              {t('contacts.name')}
              <input name="name" value={form.values.name} dir="auto" aria-describedby={described('name')} />
              <FieldProblem t={t} issues={form.issues} field="name" />
            </label>
            <label>
              {t('contacts.locale')}
              <input name="locale" value={form.values.locale} placeholder="sv-SE" aria-describedby={described('locale')} />
              <FieldProblem t={t} issues={form.issues} field="locale" />
            </label>
            <label>
              {t('contacts.timeZone')}
              <input name="timezone" value={form.values.timezone} placeholder="Europe/Stockholm" aria-describedby={described('timezone')} />
              <FieldProblem t={t} issues={form.issues} field="timezone" />
            </label>
            <fieldset class="attribute-editor">
              <legend>{t('contacts.attributes')}</legend>
              <p class="muted">{t('contacts.attributesHelp')}</p>
              {rows.map((row, i) => {
                const valueField = row.name.trim() ? `attributes.${row.name.trim()}` : `attributes[${i}].value`;
                return (
                  <div class="attribute-row">
                    <input
                      name={`attributes[${i}].name`}
                      value={row.name}
                      dir="auto"
                      aria-label={t('contacts.attributeName', { n: i + 1 })}
                      aria-describedby={described(`attributes[${i}].name`)}
                    />
                    <input
                      name={`attributes[${i}].value`}
                      value={row.value}
                      dir="auto"
                      aria-label={t('contacts.attributeValue', { n: i + 1 })}
                      aria-describedby={described(valueField)}
                    />
                    <FieldProblem t={t} issues={form.issues} field={`attributes[${i}].name`} />
                    <FieldProblem t={t} issues={form.issues} field={valueField} />
                  </div>
                );
              })}
            </fieldset>
            <button type="submit" class="primary">
              {t('common.save')}
            </button>
          </form>
          <Timeline page={page} data={data} />
        </section>
        <aside class="card contact-side">
          <Consent page={page} data={data} />
          <ConsentLog page={page} entries={data.consentLog} agentNames={props.agentNames} />
          <h2>{t('contacts.conversations')}</h2>
          <ConversationLinks
            page={page}
            conversations={data.conversations}
            empty={t('contacts.noConversations')}
            class="contact-conversations"
            now={props.now}
          />
        </aside>
      </div>
    </Layout>
  );
}

function ConsentButton(props: { page: PageContext; contactId: string; fields: Record<string, string>; label: string }) {
  return (
    <form method="post" action={`/inbox/contacts/${props.contactId}/consent`} class="inline">
      <Csrf token={props.page.csrf} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit">{props.label}</button>
    </form>
  );
}

function Consent(props: { page: PageContext; data: ContactPageData }) {
  const { page, data } = props;
  const { t } = page;
  const marketing = data.preferences.marketing;
  return (
    <section class="consent-section" aria-labelledby="consent-heading">
      <h2 id="consent-heading">{t('contacts.consentTitle')}</h2>
      <p>
        {t('contacts.marketing')}: <strong class={`consent ${marketing}`}>{t(`contacts.consent_${marketing}`)}</strong>{' '}
        <ConsentButton
          page={page}
          contactId={data.contact.id}
          fields={{ marketing: marketing === 'subscribed' ? 'unsubscribed' : 'subscribed' }}
          label={marketing === 'subscribed' ? t('contacts.unsubscribeMarketing') : t('contacts.subscribeMarketing')}
        />
      </p>
      <h3>{t('contacts.topics')}</h3>
      {data.preferences.topics.length === 0 ? <p class="muted">{t('contacts.noTopics')}</p> : null}
      <ul class="topic-list">
        {data.preferences.topics.map((topic) => (
          <li data-topic={topic.key}>
            <bdi>{topic.name}</bdi>{' '}
            <span class={`topic-state ${topic.subscribed ? 'subscribed' : 'unsubscribed'}`}>
              {topic.subscribed ? t('contacts.topicSubscribed') : t('contacts.topicUnsubscribed')}
              {topic.choice === null ? ` ${t('contacts.topicByDefault')}` : ''}
            </span>{' '}
            <ConsentButton
              page={page}
              contactId={data.contact.id}
              fields={{ topic: topic.key, state: topic.subscribed ? 'unsubscribed' : 'subscribed' }}
              label={
                topic.subscribed
                  ? t('contacts.unsubscribeTopic', { topic: topic.name })
                  : t('contacts.subscribeTopic', { topic: topic.name })
              }
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function consentSource(page: PageContext, source: string, agentNames: ReadonlyMap<string, string>): string {
  if (!source.startsWith('agent:')) return source;
  const id = source.slice('agent:'.length);
  return page.t('contacts.sourceAgent', { name: agentNames.get(id) ?? id });
}

function ConsentLog(props: { page: PageContext; entries: ConsentLogRow[]; agentNames: ReadonlyMap<string, string> }) {
  const { page } = props;
  const { t } = page;
  return (
    <section aria-labelledby="consent-log-heading">
      <h2 id="consent-log-heading">{t('contacts.consentLog')}</h2>
      {props.entries.length === 0 ? <p class="muted">{t('contacts.consentLogEmpty')}</p> : null}
      <ol class="consent-log">
        {[...props.entries].reverse().map((e) => (
          <li>
            <When page={page} at={e.createdAt} />{' '}
            <strong>{e.subject === 'topic' ? <bdi>{e.topic}</bdi> : t(`contacts.subject_${e.subject}`)}</strong>: {e.previous ?? '—'} →{' '}
            {e.value} <span class="muted">({<bdi>{consentSource(page, e.source, props.agentNames)}</bdi>})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const text = (value: unknown) => (typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value));

function ActivityLine(props: { page: PageContext; item: ActivityRow }) {
  const { page, item } = props;
  const { t } = page;
  const f = item.fields;
  if (item.type === 'message') {
    const key = f.direction === 'in' ? 'contacts.activityMessageIn' : 'contacts.activityMessageOut';
    return (
      <>
        <span class="badge">{t(key)}</span>{' '}
        <a href={`/inbox/c/${text(f.conversation_id)}`} dir="auto">
          {text(f.subject) || t('contacts.noSubject')}
        </a>{' '}
        <span class="muted">
          {wordFor(DELIVERY_WORDS, f.status, t)}
          {f.template ? ` · ${text(f.template)}` : ''}
        </span>
      </>
    );
  }
  if (item.type === 'event') {
    return (
      <>
        <span class="badge">{t('contacts.activityEvent')}</span> <bdi>{text(f.name)}</bdi>{' '}
        {f.properties && Object.keys(f.properties as object).length ? <code class="muted">{JSON.stringify(f.properties)}</code> : null}
      </>
    );
  }
  return (
    <>
      <span class={`badge decision ${text(f.decision)}`}>{t(`contacts.decision_${f.decision as DeliveryDecisionKind}`)}</span>{' '}
      <bdi>{text(f.source_name)}</bdi>
      {f.template ? ` → ${text(f.template)}` : ''}
      {f.reason ? (
        <>
          {' '}
          <span class="reason">{t('contacts.activityReason', { reason: wordFor(REASON_WORDS, f.reason, t) })}</span>
        </>
      ) : null}
      {f.at ? (
        <>
          {' '}
          <span class="muted">
            (<When page={page} at={Number(f.at)} />)
          </span>
        </>
      ) : null}
      {f.detail ? <span class="muted detail"> {text(f.detail)}</span> : null}
    </>
  );
}

function Timeline(props: { page: PageContext; data: ContactPageData }) {
  const { page, data } = props;
  const { t } = page;
  return (
    <section class="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('contacts.timeline')}</h2>
      {data.activity.items.length === 0 ? <p class="muted">{t('contacts.timelineEmpty')}</p> : null}
      <ol class="activity">
        {data.activity.items.map((item) => (
          <li class={`activity-${item.type}`}>
            <When page={page} at={item.at} /> <ActivityLine page={page} item={item} />
          </li>
        ))}
      </ol>
      {data.activity.nextCursor ? (
        <a
          class="more"
          href={`/inbox/contacts/${data.contact.id}?activity=${encodeURIComponent(data.activity.nextCursor)}#timeline-heading`}
        >
          {t('contacts.timelineMore')}
        </a>
      ) : null}
    </section>
  );
}
