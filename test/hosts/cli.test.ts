// The operator's command line, run as a real process.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { useCliProcess } from '../support/cli-process.ts';

const cli = useCliProcess('samtal-cli-');
const samtal = cli.samtal;

describe('npm run samtal --', () => {
  it('db migrate creates the schema', async () => {
    const result = await samtal('db', 'migrate');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('migrations applied');
  });

  it('api-key create NAME prints a key once and stores only its hash', async () => {
    const result = await samtal('api-key', 'create', 'crm-sync');
    expect(result.code).toBe(0);
    const key = /\n(sk_\S+)/.exec(result.stdout)![1]!;
    const client = createClient({ url: cli.env().DATABASE_URL! });
    const rows = await client.execute('select name, key_hash from api_keys');
    client.close();
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.name).toBe('crm-sync');
    expect(JSON.stringify(rows.rows)).not.toContain(key);
    expect((await samtal('api-key', 'create', 'crm-sync')).stderr).toContain('already exists');
  });

  it('api-key list shows every key without its secret; revoke marks it revoked; --expires sets an expiry', async () => {
    const made = await samtal('api-key', 'create', 'nightly-export', '--expires', '30d', '--role', 'standard');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/\(key_\w+, standard, expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);
    const secret = /\n(sk_\S+)/.exec(made.stdout)![1]!;
    const list = await samtal('api-key', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+name\s+prefix\s+role\s+created \(UTC\)\s+last used\s+expires\s+status$/m);
    expect(list.stdout).toMatch(/crm-sync\s+sk_\S{7}\s+admin\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+-\s+-\s+active/);
    expect(list.stdout).toMatch(/nightly-export\s+sk_\S{7}\s+standard\s+.*\s+active/);
    expect(list.stdout).not.toContain(secret);

    const revoked = await samtal('api-key', 'revoke', 'nightly-export');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('"nightly-export"');
    expect((await samtal('api-key', 'list')).stdout).toMatch(/nightly-export.*revoked \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const client = createClient({ url: cli.env().DATABASE_URL! });
    const rows = await client.execute("select revoked_at, expires_at from api_keys where name = 'nightly-export'");
    client.close();
    expect(rows.rows[0]!.revoked_at).not.toBeNull();
    expect(rows.rows[0]!.expires_at).not.toBeNull();

    expect((await samtal('api-key', 'revoke', 'no-such-key')).code).toBe(1);
    const bad = await samtal('api-key', 'create', 'x', '--expires', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--expires: expected a duration like 30d');
  }, 120_000); // eight CLI processes, each compiling TypeScript on start

  it('contacts import FILE.csv imports, prints per-row errors with file:line, exits 1 when rows were rejected', async () => {
    const result = await samtal('contacts', 'import', 'test/fixtures/csv/contacts.csv');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('test/fixtures/csv/contacts.csv:5: email: expected an email address');
    expect(result.stdout).toContain('7 rows');
    expect(result.stdout).toContain('3 created, 1 updated, 3 rejected');
  });

  it('contacts import says what was saved and what not when the CSV stops part-way', async () => {
    const result = await samtal('contacts', 'import', 'test/fixtures/csv/stops-part-way.csv');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 rows');
    expect(result.stdout).toContain('2 created, 0 updated, 0 rejected');
    const stopped = 'stops-part-way.csv: stopped after line 3: the CSV could not be read after 2 rows: Invalid Closing Quote';
    expect(result.stdout).toContain(stopped);
    expect(result.stdout).toContain('saved: the rows above through line 3; not saved: every row after line 3');
  });

  it('templates check passes on the shipped templates and fails with file:line on a broken one', async () => {
    const ok = await samtal('templates', 'check');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/welcome \(en, he, sv, zh\)/);
    const broken = await samtal('templates', 'check', 'test/fixtures/broken-templates');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('welcome/en.liquid:7:');
  });

  it('triggers check summarizes the shipped triggers and fails with file:line on a broken folder', async () => {
    const ok = await samtal('triggers', 'check');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^welcome\s+event\s+signed_up\s+welcome\s+-\s+1 per P7D$/m);
    expect(ok.stdout).toContain('5 trigger file(s) OK');
    const broken = await samtal('triggers', 'check', '--dir', 'test/fixtures/broken-triggers');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('test/fixtures/broken-triggers/review.yaml:3: delay: expected an ISO 8601 duration');
  });

  describe('reply-text', () => {
    const corpus = 'test/fixtures/corpora/';
    // Starts with "From MAILER-DAEMON  Fri Feb 13 02:45:46 2015", as mail saved from an mbox does.
    const mboxBounce = `${corpus}bounces/maildir/bsd/lhost-postfix-10.eml`;
    // Bare CR line endings throughout.
    const macBounce = `${corpus}classify/sisimai-mac/lhost-postfix-01.eml`;
    const humanBody = `${corpus}reply-trimming/emails/embedded_email_swedish.txt`;

    it('FILE prints one pretty JSON object; a file with an mbox "From " line is read as mail', async () => {
      const result = await samtal('reply-text', mboxBounce);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^\{\n {2}"reply"/);
      const analysis = JSON.parse(result.stdout);
      expect(analysis).toMatchObject({ classification: 'bounce' });
      expect(Object.keys(analysis).sort()).toEqual(['classification', 'quoted', 'reply', 'signature']);
      expect(analysis.reply).toContain('could not\nbe delivered');
    });

    it('FILE... prints one JSON line per file, each with its file, in order', async () => {
      const result = await samtal('reply-text', mboxBounce, macBounce, humanBody);
      expect(result.code).toBe(0);
      const lines = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((l) => [l.file, l.classification])).toEqual([
        [mboxBounce, 'bounce'],
        [macBounce, 'bounce'],
        [humanBody, 'message'],
      ]);
    });

    it('names a file it cannot read and exits 1, the other files still answered', async () => {
      const single = await samtal('reply-text', 'no-such-file.eml');
      expect(single.code).toBe(1);
      expect(single.stderr).toContain('cannot read no-such-file.eml: ENOENT');
      const several = await samtal('reply-text', 'no-such-file.eml', humanBody);
      expect(several.code).toBe(1);
      const lines = several.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual([
        { file: 'no-such-file.eml', error: 'cannot read no-such-file.eml: ENOENT' },
        expect.objectContaining({ file: humanBody, classification: 'message' }),
      ]);
    });
  });

  it('blobs migrate moves raw mail kept in the database to data/blobs, in batches, resumably', async () => {
    expect((await samtal('db', 'migrate')).code).toBe(0);
    const client = createClient({ url: cli.env().DATABASE_URL! });
    const raws = Array.from({ length: 5 }, (_, i) =>
      Buffer.from(`From: a${i}@example.se\r\nSubject: old ${i}\r\n\r\nkept before the blob store\r\n`),
    );
    for (const [i, raw] of raws.entries()) {
      await client.execute({
        sql:
          'insert into inbound_emails (id, raw, raw_size, dedupe_key, source, status, received_at) ' +
          "values (?, ?, ?, ?, 'http', 'processed', 1)",
        args: [`inb_old${i}`, raw, raw.byteLength, `content:old${i}`],
      });
    }
    expect((await samtal('blobs', 'migrate', '--batch', 'x')).stderr).toContain('--batch: expected a whole number of at least 1; got "x"');
    const first = await samtal('blobs', 'migrate', '--batch', '2', '--limit', '3');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('inbound_emails: 2 moved');
    expect(first.stdout).toMatch(/inbound_emails: 3 moved \(0\.0 MiB so far\), 2 left/);
    expect(first.stdout).toContain('2 rows left: run it again');
    const second = await samtal('blobs', 'migrate');
    expect(second.stdout).toContain('moved 2 raw messages and 0 attachments');
    expect(second.stdout).toContain('nothing left in the database');
    const rows = await client.execute('select id, length(raw) as in_row, raw_key, raw_sha256 from inbound_emails order by id');
    client.close();
    expect(rows.rows.map((r) => r.in_row)).toEqual([0, 0, 0, 0, 0]);
    for (const [i, row] of rows.rows.entries()) {
      const blob = readFileSync(join(cli.dir(), 'blobs', String(row.raw_key)));
      expect(blob.equals(raws[i]!)).toBe(true);
      expect(row.raw_sha256).toBe(createHash('sha256').update(blob).digest('hex'));
    }
  });

  it('explains unknown commands', async () => {
    const result = await samtal('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command: frobnicate');
    expect(result.stderr).toContain('contacts import FILE.csv');
  });
});
