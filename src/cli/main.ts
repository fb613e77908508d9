// `npm run samtal -- <command>`: the operator's command line.
import { ConfigError } from '../config.ts';
import { systemClock, type Deps } from '../deps.ts';
import { EXPIRY_EXPECTED, parseExpiry } from '../domain/auth/api-key.ts';
import { isAppError } from '../domain/errors.ts';
import { listApiKeys, revokeApiKey } from '../services/apiKeys.ts';
import { createApiKey } from '../services/createApiKey.ts';
import { runMigrations } from '../store/migrate.ts';
import { openDatabase } from './database.ts';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { analyzeReply, type ReplyAnalysis } from '../services/analyzeReply.ts';
import { processSafely } from '../services/receiveEmail.ts';
import { listInboundByStatus } from '../store/inbound-emails.ts';
import { prepareLocalHost } from '../runtime/local-host.ts';
import { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { buildTemplateSet, checkTemplates, formatProblems } from '../domain/outbound/templates/set.ts';
import { createLogger } from '../log.ts';
import { readTemplateFiles } from '../mail/template-files.ts';
import { TEMPLATES_DIR } from '../runtime/load-templates.ts';
import { importContacts } from '../services/importContacts.ts';
import { exportFaqFile, importFaqFile } from '../services/faqFile.ts';
import { formatFaqFileProblems } from '../domain/autoresponder/faq-yaml.ts';
import { createAgentWithPassword } from '../services/agents.ts';
import { migrateBlobs } from '../services/migrateBlobs.ts';
import { randomToken } from '../domain/encoding.ts';
import { checkTriggerFiles } from './triggers-check.ts';
import { matchFaqFile, readFaqFile } from '../services/faqMatchFiles.ts';

const USAGE = `usage: npm run samtal -- <command>

commands:
  db migrate                 apply db/migrations to DATABASE_URL (file:, libsql://, https://)
  api-key create NAME [--expires 30d|DATE] [--role admin|standard]
                             create an API key (admin unless --role standard); prints it once
  api-key list               every API key: name, prefix, role, created, last used, expires, revoked
  api-key revoke ID|NAME     revoke an API key; it is refused at once
  contacts import FILE.csv   upsert contacts from a CSV file (header row with an email column)
  reply-text FILE...         print {reply, quoted, signature, classification} for a .eml or text body;
                             several files: one JSON object per line, each with its "file"
  inbound reprocess [ID|--failed]  process kept inbound mail again (all failed ones by default)
  blobs migrate [--batch N] [--limit N]
                             move raw mail and attachments kept in the database to the blob store
                             (data/blobs beside the database); resumable: interrupt and run it again
  agent create EMAIL [NAME] [--admin]
                             create a signed-in-ready agent (password: SAMTAL_ADMIN_PASSWORD, else printed once)
  templates check [DIR]      parse every template in templates/ (or DIR); fails with file:line
  triggers check [--dir DIR] [--templates DIR]
                             check every trigger in triggers/ (or DIR) against the templates; fails with file:line
  faq import FILE.yaml       upsert FAQ entries by id from an FAQ file; bad entries as FILE:LINE
  faq export FILE.yaml       write every FAQ entry to an FAQ file (importing it gives the same entries)
  faq match --faqs FILE.yaml MSG.eml...  [--threshold 0.8] [--locale sv]
                             one JSON line per message: {file, decision, faq_id, confidence, locale, reason}
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async 'db migrate'() {
    const { db, client, url } = await openDatabase(process.env);
    try {
      await runMigrations(db);
      console.log(`migrations applied to ${url.replace(/\/\/[^@/]*@/, '//')}`);
      return 0;
    } finally {
      client.close();
    }
  },
};

/** The database, migrated, with what the key commands need; closed afterwards. */
async function withKeyStore(run: (deps: Pick<Deps, 'db' | 'clock' | 'ids'>) => Promise<number>): Promise<number> {
  const { db, client, clock, ids } = await openDatabase(process.env);
  try {
    await runMigrations(db);
    return await run({ db, clock, ids });
  } finally {
    client.close();
  }
}

/** The value after `--flag` in args, and the args without both. */
function takeOption(args: string[], flag: string): { value: string | undefined; rest: string[] } {
  const at = args.indexOf(flag);
  if (at < 0) return { value: undefined, rest: args };
  return { value: args[at + 1] ?? '', rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

const shortTime = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

commands['api-key create'] = async (args) => {
  const expires = takeOption(args, '--expires');
  const role = takeOption(expires.rest, '--role');
  const [name, ...extra] = role.rest;
  if (!name || extra.length > 0) {
    console.error('api-key create: give the key a NAME, e.g. `npm run samtal -- api-key create crm-sync`');
    console.error('  options: --expires 30d|12h|8w|2026-12-31, --role admin|standard (default admin)');
    return 2;
  }
  const roleName = role.value ?? 'admin';
  if (roleName !== 'admin' && roleName !== 'standard') {
    console.error(`api-key create: --role: expected admin or standard; got ${JSON.stringify(roleName)}`);
    return 2;
  }
  const expiresAt = expires.value === undefined ? null : parseExpiry(expires.value, systemClock.now());
  if (expiresAt === null && expires.value !== undefined) {
    console.error(`api-key create: --expires: ${EXPIRY_EXPECTED}; got ${JSON.stringify(expires.value)}`);
    return 2;
  }
  return withKeyStore(async (deps) => {
    const { row, key } = await createApiKey(deps, name, { role: roleName, expiresAt });
    const expiry = row.expiresAt === null ? 'does not expire' : `expires ${shortTime(row.expiresAt)} UTC`;
    console.log(`API key "${row.name}" (${row.id}, ${row.role}, ${expiry}). Store it now; it is not shown again:\n${key}`);
    return 0;
  });
};

commands['api-key list'] = async () =>
  withKeyStore(async (deps) => {
    const keys = await listApiKeys(deps);
    const now = deps.clock.now();
    const rows = keys.map((k) => [
      k.id,
      k.name,
      k.prefix,
      k.role,
      shortTime(k.createdAt),
      shortTime(k.lastUsedAt),
      shortTime(k.expiresAt),
      k.revokedAt !== null ? `revoked ${shortTime(k.revokedAt)}` : k.expiresAt !== null && k.expiresAt <= now ? 'expired' : 'active',
    ]);
    const table = [['id', 'name', 'prefix', 'role', 'created (UTC)', 'last used', 'expires', 'status'], ...rows];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table)
      console.log(
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
    if (keys.length === 0) console.log('(no API keys)');
    return 0;
  });

commands['api-key revoke'] = async ([idOrName]) => {
  if (!idOrName) {
    console.error("api-key revoke: give the key's ID or NAME (see `npm run samtal -- api-key list`)");
    return 2;
  }
  return withKeyStore(async (deps) => {
    const key = await revokeApiKey(deps, idOrName, { byName: true });
    console.log(`API key "${key.name}" (${key.id}) revoked ${shortTime(key.revokedAt)} UTC; it is refused from now on`);
    return 0;
  });
};

commands['contacts import'] = async ([file]) => {
  if (!file) {
    console.error('contacts import: give the CSV FILE, e.g. `npm run samtal -- contacts import customers.csv`');
    return 2;
  }
  const { db, client, clock, ids } = await openDatabase(process.env);
  try {
    await runMigrations(db);
    const deps = { db, clock, ids, log: createLogger('warn') };
    const started = clock.now();
    const input = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    const report = await importContacts(deps, input, (p) => {
      process.stderr.write(`\r${p.rows} rows: ${p.created} created, ${p.updated} updated, ${p.failed} with errors`);
    });
    process.stderr.write('\n');
    for (const error of report.errors) console.log(`${file}:${error.line}: ${error.field || '(row)'}: ${error.message}`);
    const seconds = (clock.now() - started) / 1000;
    console.log(
      `${report.rows} rows in ${seconds.toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.failed} rejected`,
    );
    if (report.stopped) {
      console.log(`${file}: stopped after line ${report.stopped.afterLine}: ${report.stopped.error.message}`);
      const through = report.savedThroughLine;
      console.log(`saved: the rows above through line ${through}; not saved: every row after line ${through}`);
      return 1;
    }
    return report.failed > 0 ? 1 : 0;
  } finally {
    client.close();
  }
};

commands['faq import'] = async ([file]) => {
  if (!file) {
    console.error('faq import: give the FAQ FILE, e.g. `npm run samtal -- faq import faqs.yaml`');
    return 2;
  }
  const text = readFileSync(file, 'utf8');
  return withKeyStore(async (deps) => {
    const report = await importFaqFile(deps, text);
    if (report.problems.length > 0) console.log(formatFaqFileProblems(file, report.problems));
    console.log(`${report.entries} entries saved (${report.created} created, ${report.updated} updated), ${report.failed} rejected`);
    return report.problems.length > 0 ? 1 : 0;
  });
};

commands['faq export'] = async ([file]) => {
  if (!file) {
    console.error('faq export: give the FILE to write, e.g. `npm run samtal -- faq export faqs.yaml`');
    return 2;
  }
  return withKeyStore(async (deps) => {
    const text = await exportFaqFile(deps);
    writeFileSync(file, text);
    console.log(`${file}: written`);
    return 0;
  });
};

commands['templates check'] = async ([dir]) => {
  const files = await readTemplateFiles(dir ?? TEMPLATES_DIR);
  const problems = checkTemplates(files);
  if (problems.length) {
    console.error(formatProblems(problems));
    console.error(`${problems.length} problem(s) in ${files.length} template files`);
    return 1;
  }
  const { set } = buildTemplateSet(files);
  console.log(
    `${files.length} template files OK: ${set
      .names()
      .map((n) => `${n} (${set.locales(n).join(', ')})`)
      .join('; ')}`,
  );
  return 0;
};

commands['triggers check'] = async (args) => {
  const dir = takeOption(args, '--dir');
  const templatesDir = takeOption(dir.rest, '--templates');
  if (templatesDir.rest.length > 0 || dir.value === '' || templatesDir.value === '') {
    console.error('triggers check: expected [--dir DIR] [--templates DIR], e.g. `npm run samtal -- triggers check --dir triggers`');
    return 2;
  }
  return checkTriggerFiles(
    { dir: dir.value, templatesDir: templatesDir.value },
    { out: (line) => console.log(line), err: (line) => console.error(line) },
  );
};

/** One file's analysis, or why it could not be read. */
async function analyzeFile(file: string): Promise<ReplyAnalysis | { error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: `cannot read ${file}: ${code ?? (error as Error).message}` };
  }
  return analyzeReply(bytes);
}

// One file: the analysis as pretty JSON (as before). Several: one JSON object per line, each with its `file`,
// so a script can run a whole corpus in one process; an unreadable file gets an `error` line and exit code 1.
commands['reply-text'] = async (files) => {
  if (files.length === 0) {
    console.error('reply-text: give a FILE (.eml or a plain-text body), e.g. `npm run samtal -- reply-text reply.eml`, or several');
    return 2;
  }
  if (files.length === 1) {
    const analysis = await analyzeFile(files[0]!);
    if ('error' in analysis) {
      console.error(`reply-text: ${analysis.error}`);
      return 1;
    }
    console.log(JSON.stringify(analysis, null, 2));
    return 0;
  }
  let failed = 0;
  for (const file of files) {
    const analysis = await analyzeFile(file);
    if ('error' in analysis) failed++;
    console.log(JSON.stringify({ file, ...analysis }));
  }
  return failed > 0 ? 1 : 0;
};

commands['inbound reprocess'] = async ([id]) => {
  const local = await prepareLocalHost(process.env, 'node', { demo: false, exit: (code) => process.exit(code) });
  try {
    const ids =
      id && id !== '--failed' ? [id] : (await listInboundByStatus(local.deps.db, ['failed', 'received'], 10_000)).map((row) => row.id);
    let failed = 0;
    for (const inboundId of ids) {
      const outcome = await processSafely(local.deps, inboundId);
      if (outcome.status === 'failed') failed++;
      const result =
        outcome.status === 'processed'
          ? `${outcome.classification} -> ${outcome.conversationId ?? '(no conversation)'}`
          : `failed: ${outcome.error}`;
      console.log(`${inboundId}: ${result}`);
    }
    console.log(`${ids.length} re-processed, ${failed} still failing`);
    return failed > 0 ? 1 : 0;
  } finally {
    local.close();
  }
};

/** A whole number of at least 1 from `--flag N`, or why not. */
function countOption(value: string | undefined, flag: string): number | undefined | string {
  if (value === undefined) return undefined;
  return /^[1-9]\d*$/.test(value) ? Number(value) : `${flag}: expected a whole number of at least 1; got ${JSON.stringify(value)}`;
}

commands['blobs migrate'] = async (args) => {
  const batch = takeOption(args, '--batch');
  const limit = takeOption(batch.rest, '--limit');
  const batchSize = countOption(batch.value, '--batch');
  const most = countOption(limit.value, '--limit');
  for (const problem of [batchSize, most, limit.rest.length ? `unexpected ${limit.rest.join(' ')}` : undefined]) {
    if (typeof problem === 'string') {
      console.error(`blobs migrate: ${problem}`);
      return 2;
    }
  }
  const { db, client, clock, ids, blobs } = await openDatabase(process.env);
  try {
    await runMigrations(db);
    const deps = { db, clock, ids, blobs, log: createLogger('warn') };
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const report = await migrateBlobs(deps, {
      ...(typeof batchSize === 'number' ? { batchSize } : {}),
      ...(typeof most === 'number' ? { limit: most } : {}),
      onBatch: (p) => console.log(`${p.table}: ${p.moved} moved (${mib(p.bytes)} MiB so far), ${p.remaining} left`),
    });
    const left = report.remaining.inbound_emails + report.remaining.attachments;
    console.log(
      `moved ${report.moved.inbound_emails} raw messages and ${report.moved.attachments} attachments (${mib(report.bytes)} MiB); ` +
        (left ? `${left} rows left: run it again` : 'nothing left in the database'),
    );
    return 0;
  } finally {
    client.close();
  }
};

commands['agent create'] = async (args) => {
  const admin = args.includes('--admin');
  const [email, ...nameWords] = args.filter((a) => a !== '--admin');
  if (!email) {
    console.error(
      'agent create: give an EMAIL (and optionally a NAME), e.g. `npm run samtal -- agent create ana@acme.example Ana Berg --admin`',
    );
    return 2;
  }
  const { db, client, clock, ids } = await openDatabase(process.env);
  try {
    const generated = !process.env.SAMTAL_ADMIN_PASSWORD;
    const password = process.env.SAMTAL_ADMIN_PASSWORD ?? randomToken(12);
    const agent = await createAgentWithPassword(
      { db, clock, ids },
      { email, name: nameWords.join(' '), role: admin ? 'admin' : 'agent', password },
    );
    console.log(
      `${agent.role} ${agent.email} created${generated ? `; password (shown once): ${password}` : ' with SAMTAL_ADMIN_PASSWORD'}`,
    );
    return 0;
  } finally {
    client.close();
  }
};

commands['faq match'] = async (args) => {
  const faqs = takeOption(args, '--faqs');
  const threshold = takeOption(faqs.rest, '--threshold');
  const locale = takeOption(threshold.rest, '--locale');
  const files = locale.rest;
  if (!faqs.value || files.length === 0) {
    console.error('faq match: give the FAQ file and messages, e.g. `npm run -s samtal -- faq match --faqs faqs.yaml 001.eml 002.eml`');
    return 2;
  }
  const minConfidence = threshold.value === undefined ? undefined : Number(threshold.value);
  if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 1)) {
    console.error(`faq match: --threshold: expected a number from 0 to 1; got ${JSON.stringify(threshold.value)}`);
    return 2;
  }
  // `npm run` starts in the package's folder: paths are the caller's, relative to where npm was run.
  const from = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const faqFile = readFaqFile(from(faqs.value));
  if ('error' in faqFile) {
    console.error(faqFile.error);
    return 1;
  }
  let unreadable = 0;
  for (const file of files) {
    const options = { threshold: minConfidence, contactLocale: locale.value ?? null, name: file };
    const line = await matchFaqFile(from(file), faqFile.entries, options);
    if (line.reason.startsWith('cannot read')) unreadable++;
    console.log(JSON.stringify(line));
  }
  return unreadable > 0 ? 1 : 0;
};

export async function main(argv: string[]): Promise<number> {
  for (const [name, run] of Object.entries(commands)) {
    const words = name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return run(argv.slice(words.length));
  }
  console.error(argv.length ? `unknown command: ${argv.join(' ')}\n\n${USAGE}` : USAGE);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || isAppError(error)) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
