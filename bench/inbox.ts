// Inbox: the queries the inbox runs, through the app's own store and service functions, on the
// data set (real schema, real indexes, the FTS5 table and triggers from the migrations):
//   list   = listInboxRows (src/store/inbox.ts): one page of 50, status open / pending /
//            closed, for everyone, unassigned or one agent, first pages and a next page
//   thread = getConversationThread (src/services/conversations.ts): conversation, contact,
//            the newest page of messages (THREAD_PAGE_SIZE) oldest first, attachment metadata
//   search = searchInbox (src/services/searchInbox.ts): FTS5 trigram match over messages and
//            contacts, bm25 order, snippet — for Swedish, English, Hebrew and Chinese terms
// Floors, measured in the same run: `select 1` (one round trip through the client), a primary
// key look-up (getConversationById) and, for search, fetching 50 message rows by rowid.
import { getConversationThread } from '../src/services/conversations.ts';
import { searchInbox } from '../src/services/searchInbox.ts';
import { getConversationById } from '../src/store/conversations.ts';
import { countByStatus, listInboxRows, positionOf, type AssigneeFilter } from '../src/store/inbox.ts';
import type { ConversationStatus } from '../src/domain/vocabulary.ts';
import { searchMessages } from '../src/store/search.ts';
import { SEARCH_TERMS } from './corpus.ts';
import { timedDb } from './db-timing.ts';
import type { BenchContext } from './deps.ts';
import { startProfile, type ProfileSummary } from './profile.ts';
import { createRng } from './random.ts';
import { measure, round, summarize, timeOnce, type Summary, type Timed } from './stats.ts';

export interface InboxOptions {
  iterations: number;
  warmup: number;
  searchRounds: number;
  seed: number;
  agentIds: string[];
  profileDir: string;
  profileSearch: boolean;
  log: (line: string) => void;
}

export interface InboxResult {
  list: Timed;
  list_page_with_counts: Summary;
  thread: Timed;
  thread_messages_mean: number;
  /** Thread timings again, by the number of messages in the thread. */
  thread_by_size: Record<string, { n: number; p50_ms: number; p95_ms: number }>;
  /** The longest thread of the data set (its newest page), opened again and again, and its "show earlier" page. */
  thread_longest: {
    messages: number;
    thread_messages: number;
    p50_ms: number;
    p95_ms: number;
    cpu_p95_ms: number;
    earlier_page: { messages: number; p50_ms: number; p95_ms: number; cpu_p95_ms: number } | null;
  };
  search: Summary;
  /** CPU time per search (process.cpuUsage), beside `search`'s wall time. */
  search_cpu: Summary;
  search_by_term: { term: string; lang: string; kind: string; p50_ms: number; p95_ms: number; hits: number; fts_matches: number }[];
  search_messages_only: Summary;
  floor_select1: Summary;
  floor_point_lookup: Timed;
  floor_rowid_fetch_50: Summary;
  list_p95_ms: number;
  thread_p95_ms: number;
  search_p95_ms: number;
  list_cpu_p95_ms: number;
  thread_cpu_p95_ms: number;
  search_cpu_p95_ms: number;
  search_profile: ProfileSummary | null;
  search_top_sql: { sql: string; calls: number; ms_per_item: number }[];
  list_profile: ProfileSummary | null;
  list_top_sql: { sql: string; calls: number; ms_per_item: number }[];
  list_db_share: number;
  search_db_share: number | null;
  query_plans: Record<string, string[]>;
  /** A two-character Chinese word: too short for trigrams, so searchInbox reads the word index (messages_words_fts). */
  search_cjk_two_chars: { term: string; p50_ms: number; p95_ms: number; max_ms: number; cpu_p95_ms: number; hits: number };
}

export async function runInbox(ctx: BenchContext, opts: InboxOptions): Promise<InboxResult> {
  const { deps, client } = ctx;
  const rng = createRng(opts.seed ^ 0x1b0c);

  // ---- floors
  const floorSelect1 = await measure(opts.iterations, opts.warmup, () => client.execute('select 1'));
  const ids = (await client.execute({ sql: 'select id from conversations order by rowid limit 1 offset ?', args: [0] })).rows;
  const total = Number((await client.execute('select count(*) as n from conversations')).rows[0]!.n);
  const sampleIds: string[] = [];
  // Which conversations agents open: half from the open/pending work queue, half anywhere.
  const active = (
    await client.execute(`select id from conversations where status in ('open', 'pending') order by last_message_at desc limit 5000`)
  ).rows.map((r) => String(r.id));
  const count = opts.iterations + opts.warmup;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0 && active.length) sampleIds.push(active[rng.int(active.length)]!);
    else {
      const row = await client.execute({ sql: 'select id from conversations where rowid = ?', args: [1 + rng.int(total)] });
      sampleIds.push(String(row.rows[0]?.id ?? ids[0]?.id));
    }
  }
  const floorPoint = await measure(opts.iterations, opts.warmup, (i) => getConversationById(deps.db, sampleIds[i]!));

  // ---- list
  const statuses: ConversationStatus[] = ['open', 'open', 'open', 'pending', 'closed'];
  const assignees: AssigneeFilter[] = [
    { kind: 'all' },
    { kind: 'unassigned' },
    ...opts.agentIds.slice(0, 4).map((agentId) => ({ kind: 'agent' as const, agentId })),
  ];
  const listQueries = Array.from({ length: count }, (_, i) => ({
    status: statuses[i % statuses.length]!,
    assignee: assignees[Math.floor(i / statuses.length) % assignees.length]!,
    nextPage: i % 3 === 2,
  }));
  // Cursors for "next page" (the end of each first page), found before timing.
  const cursors = new Map<string, ReturnType<typeof positionOf> | undefined>();
  const key = (q: (typeof listQueries)[number]) => `${q.status}/${JSON.stringify(q.assignee)}`;
  for (const q of listQueries) {
    if (cursors.has(key(q))) continue;
    const first = await listInboxRows(deps.db, { status: q.status, assignee: q.assignee, limit: 50 });
    const last = first[first.length - 1];
    cursors.set(key(q), first.length === 50 && last ? positionOf(last) : undefined);
  }
  // One page per iteration: a first page, or (every third) the next page after a cursor.
  const list = await measure(opts.iterations, opts.warmup, (i) => {
    const q = listQueries[i]!;
    return listInboxRows(deps.db, {
      status: q.status,
      assignee: q.assignee,
      limit: 50,
      after: q.nextPage ? cursors.get(key(q)) : undefined,
    });
  });
  // The page as the inbox shows it: the list plus the counts on the status tabs.
  const listPage = await measure(Math.min(opts.iterations, 500), opts.warmup, async (i) => {
    const q = listQueries[i]!;
    await Promise.all([
      listInboxRows(deps.db, { status: q.status, assignee: q.assignee, limit: 50 }),
      countByStatus(deps.db, q.assignee, 1000),
    ]);
  });

  // ---- thread
  let messagesSeen = 0;
  const threadSizes: number[] = [];
  const thread = await measure(opts.iterations, opts.warmup, async (i) => {
    const t = await getConversationThread(deps, sampleIds[i]!);
    if (i >= opts.warmup) {
      messagesSeen += t.messages.length;
      threadSizes.push(t.messages.length);
    }
  });
  // The same samples by thread length (measure() keeps no per-sample list, so time again).
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < Math.min(opts.iterations, threadSizes.length); i++) {
    const n = threadSizes[i]!;
    const b = n <= 10 ? '1-10' : n <= 30 ? '11-30' : '31+';
    const start = performance.now();
    await getConversationThread(deps, sampleIds[opts.warmup + i]!);
    buckets.set(b, [...(buckets.get(b) ?? []), performance.now() - start]);
  }
  // The longest thread of the data set (up to 150 messages), the case the thread target is about.
  const longestId = String((await client.execute('select id from conversations order by message_count desc limit 1')).rows[0]!.id);
  let longestMessages = 0;
  let earlierCursor: string | null = null;
  const longest = await measure(Math.min(opts.iterations, 300), 20, async () => {
    const page = await getConversationThread(deps, longestId);
    longestMessages = page.messages.length;
    earlierCursor = page.earlierCursor;
  });
  // "Show earlier" on it: the page before the newest, by its cursor.
  let earlierMessages = 0;
  const longestEarlier = earlierCursor
    ? await measure(Math.min(opts.iterations, 300), 20, async () => {
        earlierMessages = (await getConversationThread(deps, longestId, { before: earlierCursor ?? undefined })).messages.length;
      })
    : null;
  const longestTotal = Number(
    (await client.execute({ sql: 'select count(*) as n from messages where conversation_id = ?', args: [longestId] })).rows[0]!.n,
  );
  const threadBySize = Object.fromEntries(
    [...buckets.entries()].sort().map(([b, xs]) => {
      const s = summarize(xs);
      return [b, { n: s.n, p50_ms: round(s.p50), p95_ms: round(s.p95) }];
    }),
  );

  // ---- search
  const orderNumbers = (
    await client.execute(`select subject from conversations where subject glob '*[A-Z][A-Z]-[0-9]*' order by rowid desc limit 3`)
  ).rows
    .map((r) => /[A-Z]{2}-\d+/.exec(String(r.subject))?.[0])
    .filter((x): x is string => Boolean(x));
  const terms = [...SEARCH_TERMS, ...orderNumbers.map((term) => ({ lang: 'any' as const, term, kind: 'rare' as const }))];
  const byTerm: InboxResult['search_by_term'] = [];
  const allSearch: number[] = [];
  const allSearchCpu: number[] = [];
  for (const t of terms) await searchInbox(deps, t.term); // warm-up
  const perTerm = new Map<string, number[]>();
  for (let round_ = 0; round_ < opts.searchRounds; round_++) {
    for (const t of terms) {
      const { wall, cpu } = await timeOnce(() => searchInbox(deps, t.term));
      allSearch.push(wall);
      allSearchCpu.push(cpu);
      perTerm.set(t.term, [...(perTerm.get(t.term) ?? []), wall]);
    }
  }
  for (const t of terms) {
    const s = summarize(perTerm.get(t.term) ?? []);
    const hits = (await searchInbox(deps, t.term)).conversations.length;
    const matches = Number(
      (await client.execute({ sql: 'select count(*) as n from messages_fts where messages_fts match ?', args: [`"${t.term}"`] })).rows[0]!
        .n,
    );
    byTerm.push({ term: t.term, lang: t.lang, kind: t.kind, p50_ms: round(s.p50), p95_ms: round(s.p95), hits, fts_matches: matches });
  }
  const searchMessagesOnly = await measure(terms.length * Math.max(1, Math.floor(opts.searchRounds / 2)), terms.length, (i) =>
    searchMessages(deps.db, [terms[i % terms.length]!.term], 50),
  );
  const maxRowid = Number((await client.execute('select max(rowid) as m from messages')).rows[0]!.m);
  const floorRowid = await measure(opts.iterations, opts.warmup, () => {
    const start = 1 + rng.int(Math.max(1, maxRowid - 50));
    const rowids = Array.from({ length: 50 }, (_, k) => start + k * 1);
    return client.execute({
      sql: `select m.id, m.conversation_id, m.subject, m.reply_text from messages m where m.rowid in (${rowids.join(',')})`,
      args: [],
    });
  });

  // A two-character Chinese word ("退款", refund), as Chinese users often type.
  const cjk = '退款';
  const cjkTimes: number[] = [];
  const cjkCpu: number[] = [];
  let cjkHits = 0;
  for (let r = 0; r < opts.searchRounds * 2; r++) {
    const { wall, cpu } = await timeOnce(async () => {
      cjkHits = (await searchInbox(deps, cjk)).conversations.length;
    });
    cjkTimes.push(wall);
    cjkCpu.push(cpu);
  }
  const cjkSummary = summarize(cjkTimes);

  // ---- profile of search (where its time goes), outside the measured passes
  let searchProfile: ProfileSummary | null = null;
  let dbShare: number | null = null;
  let searchTop: InboxResult['search_top_sql'] = [];
  if (opts.profileSearch) {
    const timed = timedDb(client);
    const tdeps = { ...deps, db: timed.db };
    const prof = await startProfile();
    const start = performance.now();
    for (let r = 0; r < 2; r++) for (const t of terms) await searchInbox(tdeps, t.term);
    const elapsed = performance.now() - start;
    searchProfile = await prof.stop('inbox-search', opts.profileDir);
    dbShare = round(timed.stats.ms / elapsed, 3);
    searchTop = timed.top(4, terms.length * 2);
  }

  // ---- profile of list and thread (where their time goes)
  const ltimed = timedDb(client);
  const ldeps = { ...deps, db: ltimed.db };
  const lprof = await startProfile();
  const lstart = performance.now();
  for (let i = 0; i < Math.min(500, count); i++) {
    const q = listQueries[i]!;
    await listInboxRows(ldeps.db, {
      status: q.status,
      assignee: q.assignee,
      limit: 50,
      after: q.nextPage ? cursors.get(key(q)) : undefined,
    });
  }
  const lelapsed = performance.now() - lstart;
  const listProfile = await lprof.stop('inbox-list', opts.profileDir);
  const listTop = ltimed.top(4, Math.min(500, count));
  const listDbShare = round(ltimed.stats.ms / lelapsed, 3);

  // Query plans of the statements the app really sends (recorded through the client).
  const rec = timedDb(client);
  rec.recording = true;
  await listInboxRows(rec.db, { status: 'open', assignee: { kind: 'all' }, limit: 50 });
  const afterList = rec.recorded.length;
  await listInboxRows(rec.db, { status: 'open', assignee: { kind: 'agent', agentId: opts.agentIds[0] ?? '' }, limit: 50 });
  const afterAgent = rec.recorded.length;
  await getConversationThread({ ...deps, db: rec.db }, sampleIds[0]!);
  const afterThread = rec.recorded.length;
  await searchMessages(rec.db, ['invoice'], 50);
  const queryPlans: Record<string, string[]> = {};
  const explain = async (label: string, from: number, to: number) => {
    for (const [k, st] of rec.recorded.slice(from, to).entries()) {
      const rows = await client.execute({ sql: `explain query plan ${st.sql}`, args: st.args as never });
      queryPlans[`${label}${to - from > 1 ? `#${k + 1}` : ''}`] = rows.rows.map((r) => String(r.detail));
    }
  };
  await explain('list_open_all', 0, afterList);
  await explain('list_open_agent', afterList, afterAgent);
  await explain('thread', afterAgent, afterThread);
  await explain('search_messages', afterThread, rec.recorded.length);

  return {
    list,
    list_page_with_counts: listPage,
    thread,
    thread_messages_mean: round(messagesSeen / opts.iterations, 1),
    thread_longest: {
      messages: longestMessages,
      thread_messages: longestTotal,
      p50_ms: round(longest.p50),
      p95_ms: round(longest.p95),
      cpu_p95_ms: round(longest.cpu.p95),
      earlier_page: longestEarlier && {
        messages: earlierMessages,
        p50_ms: round(longestEarlier.p50),
        p95_ms: round(longestEarlier.p95),
        cpu_p95_ms: round(longestEarlier.cpu.p95),
      },
    },
    thread_by_size: threadBySize,
    search: summarize(allSearch),
    search_cpu: summarize(allSearchCpu),
    search_by_term: byTerm,
    search_messages_only: searchMessagesOnly,
    floor_select1: floorSelect1,
    floor_point_lookup: floorPoint,
    floor_rowid_fetch_50: floorRowid,
    list_p95_ms: round(list.p95),
    thread_p95_ms: round(thread.p95),
    search_p95_ms: round(summarize(allSearch).p95),
    list_cpu_p95_ms: round(list.cpu.p95),
    thread_cpu_p95_ms: round(thread.cpu.p95),
    search_cpu_p95_ms: round(summarize(allSearchCpu).p95),
    search_profile: searchProfile,
    search_top_sql: searchTop,
    list_profile: listProfile,
    list_top_sql: listTop,
    list_db_share: listDbShare,
    search_db_share: dbShare,
    query_plans: queryPlans,
    search_cjk_two_chars: {
      term: cjk,
      p50_ms: round(cjkSummary.p50),
      p95_ms: round(cjkSummary.p95),
      max_ms: round(cjkSummary.max),
      cpu_p95_ms: round(summarize(cjkCpu).p95),
      hits: cjkHits,
    },
  };
}
