// The inbox data set: agents, contacts, conversations and messages in Swedish, English, Hebrew
// and Chinese, on the real schema, built reproducibly from a seed.
//
// How it is built fast: the structure (who, when, which direction, which phrases) is planned in
// JS with the seeded PRNG and handed to SQLite as compact JSON (one bound parameter per chunk);
// the text is assembled inside SQLite by INSERT … SELECT over json_each() joined with a phrase
// table, one transaction per chunk. Messages are inserted in global time order (as a live
// system writes them), so a conversation's messages are spread over the table like in real life.
import type { Client } from '@libsql/client';
import { readdirSync, readFileSync } from 'node:fs';
import { CORPUS, LANGS, pickLang, type Lang } from './corpus.ts';
import { BENCH_NOW, INBOUND_DOMAIN } from './deps.ts';
import { createRng } from './random.ts';
import { indexPendingMessagesBatch } from '../src/store/search-index.ts';
import { configureEmbeddedDatabase, createDb } from '../src/store/db.ts';
import { CONTACT_WORDS, indexWordsBatch, MESSAGE_WORDS, type WordIndex } from '../src/store/search-words.ts';
import { wordIndexText } from '../src/domain/inbox/search-words.ts';

export interface DatasetSize {
  conversations: number;
  messages: number;
}

export interface DatasetInfo {
  conversations: number;
  messages: number;
  contacts: number;
  agents: number;
  agentIds: string[];
  openConversations: number;
  /** Wall time per phase (on a loaded machine mostly the CPU queue). */
  build_ms: BuildPhases;
  /** CPU time of this process per phase (process.cpuUsage: user + system; SQLite runs in it). */
  build_cpu_ms: BuildPhases;
  dbBytes: number;
}

export interface BuildPhases {
  plan: number;
  contacts: number;
  conversations: number;
  messages: number;
  indexes: number;
  facts: number;
  fts: number;
  total: number;
}

/** One line on the build: wall and CPU seconds per phase, and the file's size. */
export function describeBuild(d: DatasetInfo): string {
  const phases = (Object.keys(d.build_ms) as (keyof BuildPhases)[]).filter((k) => k !== 'total');
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return (
    `built in ${s(d.build_ms.total)} s wall, ${s(d.build_cpu_ms.total)} s CPU (` +
    phases.map((k) => `${k} ${s(d.build_ms[k])}/${s(d.build_cpu_ms[k])}`).join(', ') +
    ` s wall/CPU), ${(d.dbBytes / 2 ** 20).toFixed(0)} MiB`
  );
}

/** Wall and CPU milliseconds since a start mark. */
function mark() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
}

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const NL = 'char(10)';

/** Phrase kinds in bench_phrase. */
const K = { greeting: 0, customer: 1, closing: 2, agent: 3, quoteHeader: 4 } as const;
/** Every language has this many agent phrases (quotes of our earlier answer pick from them). */
const AGENT_PHRASES = 8;
for (const lang of LANGS)
  if (CORPUS[lang].agent.length !== AGENT_PHRASES) throw new Error(`corpus ${lang}: expected ${AGENT_PHRASES} agent phrases`);

function hex(ms: number, width: number): string {
  return Math.floor(ms).toString(16).toUpperCase().padStart(width, '0');
}

/** prefix_ + 11 hex digits of time + 15 digits of sequence: 26 characters, time-ordered, like the app's ids. */
export function benchId(prefix: string, ms: number, seq: number): string {
  return `${prefix}_${hex(ms, 11)}${String(seq).padStart(15, '0')}`;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

async function insertJson(client: Client, sql: string, rows: unknown[][], chunk = 5000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await client.execute({ sql, args: [JSON.stringify(rows.slice(i, i + chunk))] });
  }
}

/** Columns j.value ->> '$[i]' for a json_each row. */
const col = (i: number) => `(j.value ->> '$[${i}]')`;

function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('>')) ?? '';
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

interface SuspendedTrigger {
  name: string;
  sql: string;
  /** The trigger's own INSERT, rewritten to fill the index from the whole table at once. */
  bulk: string;
}

/**
 * The FTS tables are kept in sync by AFTER INSERT triggers (db/migrations/0001_search.sql).
 * For the bulk build they are dropped and the index is filled afterwards with one
 * INSERT … SELECT made from the trigger's own statement (`new.x` → `x`), then the triggers are
 * recreated from their stored SQL: same index content, about a third faster than row by row.
 */
async function suspendInsertTriggers(client: Client, table: string): Promise<SuspendedTrigger[]> {
  const rows = await client.execute({
    // Only the search index's triggers (the report facts' triggers are suspended on their own, suspendReportTriggers).
    sql: `select name, sql from sqlite_master where type = 'trigger' and tbl_name = ? and name like '%_fts_after_insert'`,
    args: [table],
  });
  const out: SuspendedTrigger[] = [];
  for (const r of rows.rows) {
    const name = String(r.name);
    const sql = String(r.sql);
    const m = /BEGIN\s+INSERT INTO\s+(\S+)\s*\(([^)]*)\)\s*VALUES\s*\(([\s\S]*)\);\s*END$/i.exec(sql);
    if (!m) throw new Error(`dataset: cannot read trigger ${name}; expected BEGIN INSERT INTO … VALUES (…); END`);
    const bulk = `INSERT INTO ${m[1]} (${m[2]}) SELECT ${m[3]!.replace(/\bnew\./g, '')} FROM ${table}`;
    await client.execute(`drop trigger ${name}`);
    out.push({ name, sql, bulk });
  }
  return out;
}

/**
 * The secondary indexes of the bulk-loaded tables, dropped while rows go in and made again at the end: one sorted
 * build per index instead of a random-order insert per row (what makes 10M messages take minutes, not an hour).
 */
async function suspendIndexes(client: Client, tables: string[]): Promise<string[]> {
  const rows = await client.execute({
    sql: `select name, sql from sqlite_master
          where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(', ')})`,
    args: tables,
  });
  for (const r of rows.rows) await client.execute(`drop index ${String(r.name)}`);
  return rows.rows.map((r) => String(r.sql));
}

/**
 * The report facts' triggers (report_facts_*, on conversations and messages), dropped while rows go in: each looks up
 * the conversation's other messages, which without the suspended indexes is a scan per row (quadratic: the 100k
 * build took minutes on the second 50k messages alone). The facts are filled afterwards in one pass by the migration's
 * own backfill statements (reportFactBackfill), then the triggers are made again.
 */
async function suspendReportTriggers(client: Client): Promise<string[]> {
  const rows = await client.execute(
    `select name, sql from sqlite_master
     where type = 'trigger' and tbl_name in ('conversations', 'messages') and name like 'report_facts_%'`,
  );
  for (const r of rows.rows) await client.execute(`drop trigger ${String(r.name)}`);
  return rows.rows.map((r) => String(r.sql));
}

/** The migrations' statements that fill the report facts from the rows already there (outside any trigger). */
function reportFactBackfill(): string[] {
  const dir = new URL('../db/migrations/', import.meta.url);
  const statements = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => /^(INSERT OR IGNORE INTO|UPDATE)\s+(conversation_facts|message_facts)\b/i.test(s));
  if (statements.length === 0) throw new Error('dataset: found no report fact backfill in db/migrations');
  return statements;
}

/**
 * The word index of a freshly loaded table, as the scheduler's indexWordsBatch writes it (the same wordIndexText of
 * the trigram index's text, the same high-water mark), but 50k rows per statement with the rows as one JSON
 * parameter: building 2,000-row VALUES lists through drizzle was most of the data set's build time.
 */
async function fillWordIndex(client: Client, index: WordIndex, rest?: WordIndexShortcut): Promise<void> {
  const [a, b] = index.columns;
  if (rest) await client.execute(`insert into ${index.words} (rowid, ${a}, ${b}) select rowid, ${a}, ${b} from ${rest.copied}`);
  let mark = 0;
  for (;;) {
    const rows = await client.execute({
      sql: `select rowid, ${a} as a, ${b} as b from ${rest?.others ?? index.source} where rowid > ? order by rowid limit 50000`,
      args: [mark],
    });
    if (rows.rows.length === 0) break;
    const values = rows.rows.map((r) => [Number(r.rowid), wordIndexText(String(r.a ?? '')), wordIndexText(String(r.b ?? ''))]);
    mark = values.at(-1)![0] as number;
    await client.execute({
      sql: `insert into ${index.words} (rowid, ${a}, ${b}) select value ->> 0, value ->> 1, value ->> 2 from json_each(?)`,
      args: [JSON.stringify(values)],
    });
  }
  const top = await client.execute(`select coalesce(max(rowid), 0) as m from ${index.source}`);
  await client.execute({
    sql: 'insert into settings (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value',
    args: [index.setting, String(top.rows[0]!.m), BENCH_NOW],
  });
}

/** Rows of the trigram index whose word-index text is their text as it is (copied in SQL), and the others (through JS). */
interface WordIndexShortcut {
  copied: string;
  others: string;
}

/**
 * The languages whose every corpus string is its own wordIndexText (no CJK character to set apart, already NFC): their
 * messages, made only of those strings and ASCII, go into the word index as they are, one INSERT … SELECT. A sample of
 * them is checked against wordIndexText after the fill (checkWordShortcut).
 */
function verbatimLanguages(): number[] {
  const strings = (lang: Lang) =>
    Object.values(CORPUS[lang])
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map(String);
  return LANGS.flatMap((lang, li) => (strings(lang).every((s) => wordIndexText(s) === s) ? [li] : []));
}

function messageWordShortcut(langs: number[]): WordIndexShortcut {
  const of = (op: string) =>
    `(select f.rowid as rowid, f.subject as subject, f.body as body from messages_fts f
      where (select lang from bench_conv c where c.id = f.conversation_id) ${op} (${langs.join(', ')}))`;
  return { copied: of('in'), others: of('not in') };
}

async function checkWordShortcut(client: Client, shortcut: WordIndexShortcut): Promise<void> {
  const sample = await client.execute(`select subject, body from ${shortcut.copied} where rowid % 997 = 0 limit 500`);
  for (const r of sample.rows)
    for (const text of [String(r.subject), String(r.body)])
      if (wordIndexText(text) !== text) throw new Error(`dataset: copied word-index text differs from wordIndexText: ${text}`);
}

async function resumeInsertTriggers(client: Client, triggers: SuspendedTrigger[]): Promise<void> {
  for (const t of triggers) {
    await client.execute(t.bulk);
    await client.execute(t.sql);
  }
}

/**
 * While the data set is loaded nothing else uses the database and a failed build is thrown away: no journal, no fsync
 * and a big page cache (the rebuilt indexes and the FTS merges stay in memory). At the end configureEmbeddedDatabase
 * puts back what every connection of the app runs with (WAL, which starts empty: every page is in the file already).
 */
async function enterBuildMode(client: Client): Promise<void> {
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  await client.execute('PRAGMA journal_mode = OFF');
  await client.execute('PRAGMA synchronous = OFF');
  await client.execute('PRAGMA cache_size = -1048576');
}

const FTS_TABLES = ['messages_fts', 'contacts_fts', 'messages_words_fts', 'contacts_words_fts'];
/** FTS5's default automerge (https://sqlite.org/fts5.html#the_automerge_configuration_option). */
const FTS_DEFAULT_AUTOMERGE = 4;

/**
 * Fills FTS tables with their incremental merges off, then merges each into one b-tree ('optimize') and puts the
 * default back: at 100k messages 25 % less CPU than merging as the segments come, and searches read one segment.
 */
async function withMergesDeferred(client: Client, tables: string[], fill: () => Promise<void>): Promise<void> {
  for (const t of tables) await client.execute(`insert into ${t} (${t}, rank) values ('automerge', 0)`);
  await fill();
  for (const t of tables) {
    await client.execute(`insert into ${t} (${t}) values ('optimize')`);
    await client.execute(`insert into ${t} (${t}, rank) values ('automerge', ${FTS_DEFAULT_AUTOMERGE})`);
  }
}

export interface BuildOptions {
  /**
   * 'bulk' (default): the app's FTS insert triggers are suspended while rows go in and the
   * index is filled at the end by one INSERT … SELECT made from the trigger's own statement.
   * 'triggers': the triggers fill the index as rows are inserted, `chunk` messages per
   * transaction, closer to how a live system grows it. Calibration at 100k messages: build
   * 12 s vs 15–20 s; search p50/p95 the same within noise (see BENCHMARKS.md).
   */
  fts?: 'triggers' | 'bulk';
  chunk?: number;
}

export async function buildDataset(
  client: Client,
  size: DatasetSize,
  seed: number,
  log: (line: string) => void,
  options: BuildOptions = {},
): Promise<DatasetInfo> {
  const total = mark();
  const rng = createRng(seed);
  const C = size.conversations;
  const M = size.messages;
  const contactsCount = Math.round(C * 0.6);
  const agentsCount = 12;

  // --- phrase table -------------------------------------------------------------------------
  await client.executeMultiple(`
    drop table if exists bench_phrase;
    create table bench_phrase (lang integer not null, kind integer not null, i integer not null, text text not null,
      primary key (lang, kind, i)) without rowid;
    drop table if exists bench_conv;
    create table bench_conv (n integer primary key, id text not null, lang integer not null, email text not null, first_name text not null,
      order_no text not null, subject text not null, reply_subject text not null, token_to text not null);
    create index bench_conv_id on bench_conv (id, lang);
  `);
  const phraseRows: unknown[][] = [];
  LANGS.forEach((lang, li) => {
    const c = CORPUS[lang];
    const add = (kind: number, list: string[]) => {
      for (const [i, text] of list.entries()) phraseRows.push([li, kind, i, text]);
    };
    add(K.greeting, c.greetings);
    add(K.customer, c.customer);
    add(K.closing, c.closings);
    add(K.agent, c.agent);
    add(K.quoteHeader, [c.quoteHeader]);
  });
  await insertJson(client, `insert into bench_phrase select ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)} from json_each(?) j`, phraseRows);

  // --- agents ---------------------------------------------------------------------------------
  const agentIds: string[] = [];
  const agentRows: unknown[][] = [];
  for (let a = 0; a < agentsCount; a++) {
    const id = benchId('agt', BENCH_NOW - 900 * DAY, a);
    agentIds.push(id);
    const lang = LANGS[a % 4]!;
    const name = `${CORPUS[lang].firstNames[a]!} ${CORPUS[lang].lastNames[a]!}`;
    agentRows.push([id, `agent${a}@acme.example`, name, a === 0 ? 'admin' : 'agent', BENCH_NOW - 900 * DAY]);
  }
  await insertJson(
    client,
    `insert into agents (id, email, name, role, active, created_at)
     select ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)}, 1, ${col(4)} from json_each(?) j`,
    agentRows,
  );

  // --- contacts -------------------------------------------------------------------------------
  const existing = Number(
    (await client.execute('select (select count(*) from contacts) + (select count(*) from messages) as n')).rows[0]!.n,
  );
  if (existing !== 0) throw new Error('dataset: expected an empty database');
  const bulk = (options.fts ?? 'bulk') === 'bulk';
  if (bulk) await enterBuildMode(client);
  const suspended = bulk
    ? [...(await suspendInsertTriggers(client, 'contacts')), ...(await suspendInsertTriggers(client, 'messages'))]
    : [];
  const indexes = bulk ? await suspendIndexes(client, ['contacts', 'conversations', 'messages']) : [];
  const reportTriggers = bulk ? await suspendReportTriggers(client) : [];
  const contactsPhase = mark();
  interface ContactPlan {
    id: string;
    lang: Lang;
    first: string;
    email: string;
  }
  const contacts: ContactPlan[] = [];
  const contactRows: unknown[][] = [];
  for (let i = 0; i < contactsCount; i++) {
    const lang = pickLang(rng.next());
    const c = CORPUS[lang];
    const fi = rng.int(c.firstNames.length);
    const first = c.firstNames[fi]!;
    const last = c.lastNames[rng.int(c.lastNames.length)]!;
    const name = lang === 'zh' ? `${last}${first}` : `${first} ${last}`;
    const local = lang === 'sv' || lang === 'en' ? `${ascii(first)}.${ascii(last)}.${i}` : `${lang === 'he' ? 'user' : 'kehu'}${i}.${fi}`;
    const email = `${local}@${c.domain}`;
    const createdAt = BENCH_NOW - Math.floor(rng.next() * 800 * DAY) - DAY;
    const id = benchId('con', createdAt, i);
    const consent = rng.chance(0.55) ? 'subscribed' : rng.chance(0.8) ? 'unknown' : 'unsubscribed';
    const attributes = { plan: rng.pick(['starter', 'pro', 'business']), city: rng.pick(c.cities), customer_since: 2015 + rng.int(11) };
    contacts.push({ id, lang, first: lang === 'zh' ? name : first, email });
    contactRows.push([id, email, name, c.locale, c.timezone, JSON.stringify(attributes), consent, createdAt]);
  }
  await insertJson(
    client,
    `insert into contacts (id, email, name, locale, timezone, attributes, marketing_consent, consent_source, created_at, updated_at)
     select ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)}, ${col(4)}, ${col(5)}, ${col(6)}, 'signup', ${col(7)}, ${col(7)}
     from json_each(?) j`,
    contactRows,
  );
  const contactsTime = contactsPhase();

  // --- conversation and message plan ----------------------------------------------------------
  const planPhase = mark();
  // Conversation start times: 10 % in the last two weeks, the rest over two years; sorted, so
  // conversation ids (time-ordered) follow insertion order as in the app.
  const starts = new Float64Array(C);
  for (let n = 0; n < C; n++) {
    starts[n] = rng.chance(0.1) ? BENCH_NOW - rng.next() * 14 * DAY : BENCH_NOW - 14 * DAY - rng.next() * 716 * DAY;
  }
  starts.sort();
  // Messages per conversation: 1 + geometric, mean M/C, capped; then nudged to sum exactly to M.
  const counts = new Int32Array(C);
  const mean = M / C;
  let sum = 0;
  for (let n = 0; n < C; n++) {
    counts[n] = Math.min(150, 1 + Math.floor(-Math.log(1 - rng.next()) * (mean - 1)));
    sum += counts[n]!;
  }
  while (sum !== M) {
    const n = rng.int(C);
    if (sum < M && counts[n]! < 150) {
      counts[n]!++;
      sum++;
    } else if (sum > M && counts[n]! > 1) {
      counts[n]!--;
      sum--;
    }
  }

  // Per message: conversation, position, time, code (0 customer mail, 1 agent mail, 2 order
  // confirmation, 3 internal note), phrase picks r1..r4, html flag.
  const mConv = new Int32Array(M);
  const mK = new Int32Array(M);
  const mT = new Float64Array(M);
  const mCode = new Uint8Array(M);
  const mR = new Uint8Array(M * 4);
  const mHtml = new Uint8Array(M);
  const convRows: unknown[][] = [];
  const benchConvRows: unknown[][] = [];
  let openConversations = 0;
  let m = 0;
  for (let n = 0; n < C; n++) {
    const contactIndex = rng.int(contactsCount);
    const contact = contacts[contactIndex]!;
    const lang = contact.lang;
    const li = LANGS.indexOf(lang);
    const corpus = CORPUS[lang];
    const count = counts[n]!;
    const start = starts[n]!;
    const id = benchId('cnv', start, n);
    const orderNo = `${corpus.orderPrefix}-${10000 + n}`;
    const subject = rng.pick(corpus.subjects).replace('{order}', orderNo);
    // Times: gaps of mean 8 h, squeezed to end before now.
    const times: number[] = [start];
    for (let k = 1; k < count; k++) times.push(times[k - 1]! + Math.max(60_000, -Math.log(1 - rng.next()) * 8 * HOUR));
    const end = BENCH_NOW - 60_000;
    if (times[count - 1]! > end) {
      const scale = (end - start) / (times[count - 1]! - start);
      for (let k = 1; k < count; k++) times[k] = start + (times[k]! - start) * scale;
    }
    const lastAt = times[count - 1]!;
    const recent = lastAt > BENCH_NOW - 14 * DAY;
    const u = rng.next();
    let status: 'open' | 'pending' | 'snoozed' | 'closed' = recent
      ? u < 0.45
        ? 'open'
        : u < 0.8
          ? 'pending'
          : u < 0.85
            ? 'snoozed'
            : 'closed'
      : u < 0.03
        ? 'open'
        : 'closed';
    // Directions: customers and agents mostly alternate; some conversations start with an
    // order confirmation; a few internal notes.
    const codes: number[] = [];
    let prevIn = rng.chance(0.65);
    codes.push(prevIn ? 0 : 2);
    for (let k = 1; k < count; k++) {
      let code: number;
      if (rng.chance(0.03)) code = 3;
      else if (prevIn) code = rng.chance(0.8) ? 1 : 0;
      else code = rng.chance(0.85) ? 0 : 1;
      codes.push(code);
      if (code !== 3) prevIn = code === 0;
    }
    // The last message fits the status: open waits for us (customer wrote last), pending and
    // snoozed wait for the customer (we wrote last).
    if (status === 'open') codes[count - 1] = 0;
    else if (status === 'pending' || status === 'snoozed') {
      if (count === 1) {
        status = 'open';
        codes[0] = 0;
      } else codes[count - 1] = 1;
    }
    if (status === 'open') openConversations++;

    let lastCustomer: number | null = null;
    let lastAgent: number | null = null;
    let firstResponded: number | null = null;
    let waitingSince: number | null = null;
    let lastEmail = 0;
    for (let k = 0; k < count; k++) {
      const code = codes[k]!;
      const t = times[k]!;
      mConv[m] = n;
      mK[m] = k;
      mT[m] = t;
      mCode[m] = code;
      mR[m * 4] = rng.int(code === 0 ? corpus.greetings.length : corpus.agent.length);
      mR[m * 4 + 1] = rng.int(code === 0 ? corpus.customer.length : corpus.agent.length);
      mR[m * 4 + 2] = rng.int(code === 0 ? corpus.customer.length : corpus.agent.length);
      mR[m * 4 + 3] = rng.int(code === 0 ? corpus.closings.length : corpus.agent.length);
      mHtml[m] = code === 0 && rng.chance(0.45) ? 1 : 0;
      if (code === 0) {
        lastCustomer = t;
        if (waitingSince === null) waitingSince = t;
      } else if (code === 1) {
        lastAgent = t;
        waitingSince = null;
        if (firstResponded === null && lastCustomer !== null) firstResponded = t;
      }
      if (code !== 3) lastEmail = m;
      m++;
    }
    // Preview: first line of the last email's new text, as previewLine() makes it.
    const lm = lastEmail;
    const preview =
      mCode[lm] === 0
        ? firstLine(corpus.greetings[mR[lm * 4]!]!)
        : firstLine(`${corpus.agent[mR[lm * 4]!]!} ${corpus.agent[mR[lm * 4 + 1]!]!.replace('{order}', orderNo)}`);
    const assignee =
      status !== 'closed'
        ? rng.chance(0.75)
          ? agentIds[rng.int(agentsCount)]!
          : null
        : rng.chance(0.9)
          ? agentIds[rng.int(agentsCount)]!
          : null;
    const waiting = status === 'open' ? (waitingSince ?? lastAt) : null;
    convRows.push([
      id,
      contact.id,
      subject,
      subject.toLowerCase(),
      status,
      assignee,
      status === 'snoozed' ? BENCH_NOW + (1 + rng.int(72)) * HOUR : null,
      lastAt,
      lastCustomer,
      lastAgent,
      waiting,
      waiting === null ? null : waiting + DAY,
      firstResponded,
      preview,
      count,
      start,
      lastAt,
    ]);
    const tokenTo = `support@acme.example`;
    benchConvRows.push([n, id, li, contact.email, contact.first, orderNo, subject, `${corpus.replyPrefix}${subject}`, tokenTo]);
  }
  const planTime = planPhase();

  const conversationsPhase = mark();
  await insertJson(
    client,
    `insert into bench_conv select ${[0, 1, 2, 3, 4, 5, 6, 7, 8].map(col).join(', ')} from json_each(?) j`,
    benchConvRows,
    10000,
  );
  await insertJson(
    client,
    `insert into conversations (id, contact_id, subject, normalized_subject, status, assignee_id, snoozed_until, last_message_at,
       last_customer_message_at, last_agent_message_at, waiting_since, first_response_due_at, first_responded_at, preview, message_count,
       created_at, updated_at)
     select ${Array.from({ length: 17 }, (_, i) => col(i)).join(', ')} from json_each(?) j`,
    convRows,
    10000,
  );
  const conversationsTime = conversationsPhase();

  // --- messages, in time order ----------------------------------------------------------------
  const messagesPhase = mark();
  const tMsg = performance.now();
  const order = new Int32Array(M);
  for (let i = 0; i < M; i++) order[i] = i;
  order.sort((a, b) => mT[a]! - mT[b]! || a - b);

  const P = (kind: number, r: string) => `(select text from bench_phrase where lang = p.lang and kind = ${kind} and i = ${r})`;
  const ord = (s: string) => `replace(${s}, '{order}', p.order_no)`;
  const r = (i: number) => `p.r${i}`;
  const customerText =
    `${P(K.greeting, r(1))} || ${NL} || ${NL} || ${ord(P(K.customer, r(2)))} || ' ' || ${ord(P(K.customer, r(3)))} || ` +
    `${NL} || ${NL} || replace(${P(K.closing, r(4))}, '{name}', p.first_name)`;
  const agentText =
    `${P(K.agent, r(1))} || ' ' || ${ord(P(K.agent, r(2)))} || ${NL} || ${NL} || ${P(K.agent, r(3))} || ` +
    `${NL} || ${NL} || 'Sara' || ${NL} || 'Acme Support'`;
  const Q = (kind: number, r: string) => P(kind, r).replace('p.lang', 'q.lang');
  const quoteHeader =
    `replace(replace(${Q(K.quoteHeader, '0')}, '{date}', strftime('%Y-%m-%d %H:%M', (q.t - 3600000) / 1000, 'unixepoch')), ` +
    `'{from}', 'Acme Support <support@acme.example>')`;
  const quoted =
    `${quoteHeader} || ${NL} || '> ' || ${Q(K.agent, `q.r3 % ${AGENT_PHRASES}`)} || ${NL} || '> ' || ` +
    `replace(${Q(K.agent, `q.r2 % ${AGENT_PHRASES}`)}, '{order}', q.order_no)`;
  const chunk = options.chunk ?? 50_000;
  // The plan rows become a materialized CTE with the new text (so it is built once per row);
  // the INSERT then derives every column from it.
  const sql = `
    with q as materialized (
      select p.*, case when p.code = 0 then ${customerText} when p.code = 3 then ${P(K.agent, r(1))} else ${agentText} end as reply
      from (select ${col(0)} as seq, ${col(1)} as conv, ${col(2)} as k, ${col(3)} as t, ${col(4)} as code,
              ${col(5)} as r1, ${col(6)} as r2, ${col(7)} as r3, ${col(8)} as r4, ${col(9)} as html,
              c.id as cid, c.lang, c.email, c.first_name, c.order_no, c.subject, c.reply_subject
            from json_each(?) j join bench_conv c on c.n = (j.value ->> '$[1]')) p
    )
    insert into messages (id, conversation_id, kind, direction, author, author_agent_id, message_id_header, in_reply_to, "references",
      from_address, from_name, to_addresses, cc_addresses, subject, headers, text, html, reply_text, quoted_text, status, template, locale,
      category, thread_rule, classification, created_at, sent_at, delivered_at)
    select
      'msg_' || printf('%011X', q.t) || printf('%015d', q.seq),
      q.cid,
      case q.code when 3 then 'note' else 'email' end,
      case q.code when 0 then 'in' else 'out' end,
      case q.code when 0 then 'contact' when 2 then 'trigger' else 'agent' end,
      null,
      case q.code when 0 then 'CA' || printf('%011X', q.t) || printf('%09d', q.seq) || '@mail.' || substr(q.email, instr(q.email, '@') + 1)
                  when 3 then null
                  else 'msg_' || printf('%011X', q.t) || printf('%015d', q.seq) || '@${INBOUND_DOMAIN}' end,
      null, null,
      case q.code when 0 then q.email else 'support@acme.example' end,
      case q.code when 0 then q.first_name else 'Acme Support' end,
      case q.code when 0 then json_array('support@acme.example') else json_array(q.email) end,
      '[]',
      case when q.k = 0 then q.subject else q.reply_subject end,
      case when q.code in (1, 2) then json_object(
        'Message-ID', '<msg_' || printf('%011X', q.t) || printf('%015d', q.seq) || '@${INBOUND_DOMAIN}>',
        'Reply-To', 'reply+' || lower(q.cid) || '-abcdefghijklmnop@${INBOUND_DOMAIN}',
        'Auto-Submitted', case q.code when 2 then 'auto-generated' else 'no' end) end,
      case when q.code = 0 and q.k > 0 then q.reply || ${NL} || ${NL} || ${quoted} else q.reply end,
      case when q.html = 1 then '<div dir="auto">' || replace(q.reply, ${NL}, '<br>') || '</div>' ||
        case when q.k > 0 then '<div class="gmail_quote"><div class="gmail_attr">' || ${quoteHeader} || '</div>' ||
          '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">' ||
          ${Q(K.agent, `q.r3 % ${AGENT_PHRASES}`)} || '<br>' || replace(${Q(K.agent, `q.r2 % ${AGENT_PHRASES}`)}, '{order}', q.order_no) ||
          '</blockquote></div>' else '' end
      end,
      q.reply,
      case when q.code = 0 and q.k > 0 then ${quoted} end,
      case q.code when 0 then 'received' when 3 then 'sent' else 'delivered' end,
      case q.code when 2 then 'order_confirmation' end,
      case when q.code = 0 then null when q.lang = 0 then 'sv' when q.lang = 1 then 'en' when q.lang = 2 then 'he' else 'zh' end,
      case q.code when 2 then 'transactional' else 'support' end,
      case when q.code = 0 then (case when q.k = 0 then 'new' else 'reply_token' end) else 'api' end,
      case q.code when 0 then 'message' end,
      q.t,
      case when q.code in (1, 2) then q.t end,
      case when q.code in (1, 2) then q.t + 4000 end
    from q order by q.seq`;
  for (let i = 0; i < M; i += chunk) {
    const rows: number[][] = [];
    for (let s = i; s < Math.min(M, i + chunk); s++) {
      const x = order[s]!;
      rows.push([
        s,
        mConv[x]!,
        mK[x]!,
        Math.floor(mT[x]!),
        mCode[x]!,
        mR[x * 4]!,
        mR[x * 4 + 1]!,
        mR[x * 4 + 2]!,
        mR[x * 4 + 3]!,
        mHtml[x]!,
      ]);
    }
    await client.batch([{ sql, args: [JSON.stringify(rows)] }], 'write');
    if (Math.floor((i + chunk) / 200_000) > Math.floor(i / 200_000))
      log(
        `  messages ${Math.min(M, i + chunk).toLocaleString('en')} / ${M.toLocaleString('en')} ` +
          `(${((performance.now() - tMsg) / 1000).toFixed(0)} s)`,
      );
  }
  const messagesTime = messagesPhase();
  const indexesPhase = mark();
  if (indexes.length) log(`  making ${indexes.length} indexes …`);
  for (const sql of indexes) await client.execute(sql);
  const indexesTime = indexesPhase();
  const factsPhase = mark();
  if (reportTriggers.length) {
    log('  filling the report facts …');
    await client.batch(reportFactBackfill(), 'write');
    for (const sql of reportTriggers) await client.execute(sql);
  }
  const factsTime = factsPhase();
  const ftsPhase = mark();
  if (suspended.length) log('  filling the FTS indexes …');
  await withMergesDeferred(client, FTS_TABLES, async () => {
    await resumeInsertTriggers(client, suspended);
    // The trigram index of the queued messages as the scheduler's tick writes it, but the whole queue in one statement
    // (measured against 50k-row batches: the same CPU, and one segment for the optimize below to start from).
    const db = createDb(client);
    while ((await indexPendingMessagesBatch(db, M)) > 0);
    const trigram = ftsPhase();
    log(`  trigram index filled (${(trigram.wall / 1000).toFixed(1)} s wall, ${(trigram.cpu / 1000).toFixed(1)} s CPU)`);
    // The word indexes (short search terms).
    const shortcut = messageWordShortcut(verbatimLanguages());
    await fillWordIndex(client, MESSAGE_WORDS, shortcut);
    await checkWordShortcut(client, shortcut);
    await fillWordIndex(client, CONTACT_WORDS);
    // Whatever the bulk fill left (nothing, as a rule) goes the app's own way.
    for (const index of [MESSAGE_WORDS, CONTACT_WORDS]) while ((await indexWordsBatch(db, index, 2000, BENCH_NOW)) > 0);
  });
  const ftsTime = ftsPhase();
  const check = await client.execute('select (select count(*) from messages_fts) as f, (select count(*) from messages) as m');
  if (check.rows[0]!.f !== check.rows[0]!.m) throw new Error('dataset: messages_fts does not match messages');
  const words = await client.execute('select (select count(*) from messages_words_fts) as w');
  if (words.rows[0]!.w !== check.rows[0]!.m) throw new Error('dataset: messages_words_fts does not match messages');
  if (bulk) await configureEmbeddedDatabase(client);
  else await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  const totalTime = total();
  const phases = { plan: planTime, contacts: contactsTime, conversations: conversationsTime, messages: messagesTime };
  const all = { ...phases, indexes: indexesTime, facts: factsTime, fts: ftsTime, total: totalTime };
  const pick = (k: 'wall' | 'cpu') => Object.fromEntries(Object.entries(all).map(([name, t]) => [name, t[k]])) as unknown as BuildPhases;
  const pages = await client.execute('select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()');
  return {
    conversations: C,
    messages: M,
    contacts: contactsCount,
    agents: agentsCount,
    agentIds,
    openConversations,
    build_ms: pick('wall'),
    build_cpu_ms: pick('cpu'),
    dbBytes: Number(pages.rows[0]?.bytes ?? 0),
  };
}
