// npx tsx bench/planned-write-split.ts [--rows N] [--rounds N]
//
// Where the cost of writing a planned (bulk or broadcast) message goes: the same chunks of 500 rows written
// with their full content, without HTML, without text and HTML, without the report-facts trigger, and without
// the secondary indexes, each variant into the same migrated database in turn (rounds alternate the
// variants, so the machine's load falls on all of them alike). Figures are CPU µs per row (process.cpuUsage)
// and wall µs per row.
import { parseArgs } from 'node:util';
import { renderTemplateSync } from '../src/domain/outbound/templates/render.ts';
import { insertPlannedMessagesStatements, type PlannedMessage, writeStatements } from '../src/store/messages.ts';
import { insertDueJobsStatement } from '../src/store/outbox.ts';
import { createBenchContext } from './deps.ts';
import { DEFAULT_SEED } from './random.ts';
import { now } from './stats.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '3' } } });
const rows = Number(values.rows);
const rounds = Number(values.rounds);
const CHUNK = 500;

const ctx = await createBenchContext({ seed: DEFAULT_SEED });
const { client, deps } = ctx;
const rendered = renderTemplateSync(deps.templates, 'birthday', {
  contact: { email: 'a@example.com', name: 'Anna Svensson', locale: 'en', timezone: 'Europe/Stockholm', attributes: {} },
  data: {},
  unsubscribe_url: 'https://samtal.acme.example/u/abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789',
  preferences_url: 'https://samtal.acme.example/p/abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789',
});
const headers = {
  'Message-ID': '<msg_0000000000000000000000@reply.acme.example>',
  'Auto-Submitted': 'auto-generated',
  'List-Unsubscribe': '<https://samtal.acme.example/u/abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789>',
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  'Reply-To': 'reply+msg_0000000000000000000000.abcdefghijklmnopqrstuvwxyz0123@reply.acme.example',
};

let serial = 0;
async function contacts(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => `con_split_${serial++}`);
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    await client.execute({
      sql: `insert into contacts (id, email, created_at, updated_at) select value, value || '@example.com', 0, 0 from json_each(?)`,
      args: [JSON.stringify(part)],
    });
  }
  return ids;
}

function message(contactId: string, variant: string): PlannedMessage {
  const id = `msg_split_${serial++}`;
  return {
    id,
    contactId,
    author: 'system',
    authorAgentId: null,
    messageIdHeader: `${id}@reply.acme.example`,
    fromAddress: 'Acme Support <support@acme.example>',
    to: `${contactId}@example.com`,
    subject: rendered.subject,
    headers,
    text: variant === 'tiny' ? '' : `${rendered.text}${id}`,
    html:
      variant === 'no-html' || variant === 'tiny'
        ? null
        : variant === 'delta-sized'
          ? `${rendered.html?.slice(0, 150)}${id}`
          : `${rendered.html}${id}`,
    status: 'queued',
    statusReason: null,
    template: 'birthday',
    locale: 'en',
    category: 'marketing',
    idempotencyKey: `split:${id}`,
    createdAt: 1_800_000_000_000,
  };
}

const SECONDARY = [
  'messages_email_time_idx',
  'messages_unthreaded_contact_idx',
  'messages_conversation_idx',
  'messages_provider_id_idx',
  'messages_inbound_email_idx',
];
const saved = new Map<string, string>();
async function dropObjects(names: string[]) {
  for (const name of names) {
    const row = (await client.execute({ sql: 'select sql from sqlite_master where name = ?', args: [name] })).rows[0];
    if (!row) throw new Error(`no ${name}`);
    saved.set(name, String(row.sql));
    const kind = String(row.sql).toUpperCase().startsWith('CREATE TRIGGER') ? 'trigger' : 'index';
    await client.execute(`drop ${kind} ${name}`);
  }
}
const NULL_INDEXED = [
  ['messages_conversation_idx', 'conversation_id, created_at'],
  ['messages_provider_id_idx', 'provider_id'],
  ['messages_inbound_email_idx', 'inbound_email_id'],
] as const;
async function restore() {
  for (const [name] of NULL_INDEXED) await client.execute(`drop index if exists ${name}_partial`);
  for (const sql of saved.values()) await client.execute(sql);
  saved.clear();
}

const variants = (
  process.env.VARIANTS ?? 'full,no-html,tiny,no-facts-trigger,no-secondary-indexes,partial-null-indexes,no-outbox-job'
).split(',');
const results = new Map<string, { cpu: number; wall: number; n: number }>();
for (let round = 0; round < rounds + 1; round++) {
  for (const variant of variants) {
    const ids = await contacts(rows);
    if (variant === 'no-facts-trigger') await dropObjects(['report_facts_unthreaded_insert']);
    if (variant === 'no-secondary-indexes') await dropObjects(SECONDARY);
    if (variant === 'partial-null-indexes') {
      // The indexes over columns a planned message leaves null, made partial (no entry for a null).
      await dropObjects(NULL_INDEXED.map(([name]) => name));
      for (const [name, columns] of NULL_INDEXED) {
        const column = columns.split(',')[0];
        await client.execute(`create index ${name}_partial on messages (${columns}) where ${column} is not null`);
      }
    }
    const cpu0 = process.cpuUsage();
    const t0 = now();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const messages = ids.slice(i, i + CHUNK).map((c) => message(c, variant));
      const jobs =
        variant === 'no-outbox-job'
          ? []
          : [
              insertDueJobsStatement(
                messages.map((m) => ({ id: `job_${m.id}`, messageId: m.id })),
                0,
              ),
            ];
      await writeStatements(deps.db, [...insertPlannedMessagesStatements(messages), ...jobs]);
    }
    const wall = now() - t0;
    const used = process.cpuUsage(cpu0);
    await restore();
    if (round === 0) continue; // warm-up
    const r = results.get(variant) ?? { cpu: 0, wall: 0, n: 0 };
    r.cpu += (used.user + used.system) / 1000;
    r.wall += wall;
    r.n += ids.length;
    results.set(variant, r);
  }
}
const base = results.get('full')!;
for (const [variant, r] of results) {
  const cpuUs = (r.cpu / r.n) * 1000;
  const vsFull = cpuUs - (base.cpu / base.n) * 1000;
  console.log(
    `${variant.padEnd(22)} CPU ${cpuUs.toFixed(1).padStart(6)} µs/row (${vsFull.toFixed(1).padStart(6)} vs full)` +
      `  wall ${((r.wall / r.n) * 1000).toFixed(1).padStart(6)} µs/row`,
  );
}
console.log(
  `row: html ${rendered.html?.length} chars, text ${rendered.text.length} chars, headers ${JSON.stringify(headers).length} chars`,
);
ctx.close();
