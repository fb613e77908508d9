import PostalMime from 'postal-mime';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLabels, scoreClassifications, type Kind } from '../../scripts/eval/labels.ts';
import { classifyEmail, type Classification, type ParsedEmailLike } from '../../src/domain/inbound/classify/classify.ts';
import { normalizeLineEndings } from '../../src/domain/inbound/line-endings.ts';
import { skipMboxFromLine } from '../../src/domain/inbound/raw-headers.ts';
import { analyzeReply } from '../../src/services/analyzeReply.ts';

/** Copies of the permissive shared corpora (test/fixtures/corpora/README.md), so the tests need nothing outside the repository. */
const CORPORA = fileURLToPath(new URL('../fixtures/corpora/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/classify/', import.meta.url));
const BOUNCES = `${CORPORA}bounces/`;
const REPLIES = `${CORPORA}reply-trimming/emails/`;
/** The classify sets that may be copied; bounceparser, discourse and zammad are scored by `npm run eval` only. */
const CLASSIFY_SETS = ['chatwoot', 'phpbouncehandler', 'sisimai-bsd-nonbounce', 'sisimai-dos', 'sisimai-mac', 'sisimai-misc'];

async function parse(raw: string | Uint8Array, options?: Parameters<typeof PostalMime.parse>[1]): Promise<ParsedEmailLike> {
  // Assigning postal-mime's result to ParsedEmailLike is the compile-time check that the
  // service can hand PostalMime.parse() output to classifyEmail() as is.
  const email: ParsedEmailLike = await PostalMime.parse(raw, options);
  return email;
}

async function fixture(name: string): Promise<ParsedEmailLike> {
  return parse(readFileSync(FIXTURES + name));
}

function describeResult(c: Classification): string {
  if (c.kind === 'auto_reply') return `auto_reply(${c.reason})`;
  if (c.kind === 'bounce') return `bounce(${c.reason})`;
  if (c.kind === 'complaint') return `complaint(${c.feedbackType ?? '?'})`;
  return c.kind;
}

/** A raw message built from header lines and a body, CRLF line ends. */
function rawMessage(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\r\n');
  return `${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
}

const PERSON_HEADERS = {
  'Return-Path': '<jane.doe@gmail.com>',
  From: 'Jane Doe <jane.doe@gmail.com>',
  To: 'support@samtal.example',
  Subject: 'Re: Question',
  'Message-ID': '<CAKx1@mail.gmail.com>',
  'In-Reply-To': '<01900000-0000-7000-8000-000000000001@samtal.example>',
  Date: 'Mon, 3 Jun 2024 10:00:00 +0200',
  'MIME-Version': '1.0',
  'Content-Type': 'text/plain; charset=utf-8',
};

/** What `reply-text` says about each file of a folder, by file name. */
async function analyzeFolder(dir: string, files: string[]): Promise<Map<string, Kind>> {
  const out = new Map<string, Kind>();
  for (const file of files) out.set(file, (await analyzeReply(new Uint8Array(readFileSync(dir + file)))).classification);
  return out;
}

const emlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();

describe('corpus: bounces/maildir/bsd (629 real delivery reports) through reply-text', () => {
  const dir = `${BOUNCES}maildir/bsd/`;
  const labels = new Map(readLabels(`${BOUNCES}labels.tsv`).map((l) => [l.file, l.accepted] as const));
  const files = emlFiles(dir);
  let kinds: Map<string, Kind>;
  beforeAll(async () => {
    kinds = await analyzeFolder(dir, files);
  });

  it('classifies at least 620 of 629 as labels.tsv says (files not listed there are bounces), none as a message', () => {
    const accepted = (file: string): Kind[] => labels.get(`maildir/bsd/${file}`) ?? ['bounce'];
    const cases = files.map((file) => ({ file, accepted: accepted(file), got: kinds.get(file)! }));
    const result = scoreClassifications('bounces/maildir/bsd', 'bounces', cases);
    console.log(`bsd: ${result.right}/${result.cases}; misses: ${result.misses.map((m) => `${m.file} ${m.expected}→${m.got}`).join(', ')}`);
    expect(result.cases).toBe(629);
    expect(result.right).toBeGreaterThanOrEqual(620);
    expect(result.falsePositives).toEqual({ personAsMachine: [], machineAsPerson: [] });
  });

  it('reads the 50 files that start with an mbox "From " line as mail', () => {
    const mbox = files.filter(
      (file) =>
        readFileSync(dir + file)
          .subarray(0, 5)
          .toString('latin1') === 'From ',
    );
    expect(mbox).toHaveLength(50);
    expect(mbox.filter((file) => kinds.get(file) === 'message')).toEqual([]);
  });
});

describe('corpus: bounces/maildir/bsd, the details of each report', () => {
  const dir = `${BOUNCES}maildir/bsd/`;
  const results = new Map<string, Classification>();
  beforeAll(async () => {
    for (const file of emlFiles(dir)) results.set(file, classifyEmail(await parse(skipMboxFromLine(readFileSync(dir + file)))));
  });

  it('finds a failed recipient for nearly every bounce', () => {
    const bounces = [...results].filter(([, c]) => c.kind === 'bounce');
    const without = bounces.filter(([, c]) => c.kind === 'bounce' && c.recipients.length === 0).map(([f]) => f);
    console.log(`bounces without recipients (${without.length}/${bounces.length}): ${without.join(', ')}`);
    // The ones left have bodies postal-mime cannot read (MIME boundaries missing or broken).
    expect(without.length).toBeLessThanOrEqual(10);
  });

  it('finds the original Message-ID for most bounces', () => {
    const bounces = [...results].filter(([, c]) => c.kind === 'bounce');
    const withId = bounces.filter(([, c]) => c.kind === 'bounce' && c.originalMessageId !== undefined);
    console.log(`bounces with originalMessageId: ${withId.length}/${bounces.length}`);
    expect(withId.length).toBeGreaterThanOrEqual(500);
  });

  type Expect = Partial<{
    kind: Classification['kind'];
    recipients: string[];
    originalMessageId: string | undefined;
    status: string | undefined;
    hard: boolean;
    feedbackType: string;
    reason: string;
  }>;

  // Values read by hand from each raw file.
  it.each<[string, Expect]>([
    // RFC 3464 DSN; the returned headers' part has a broken boundary, so its Message-Id is
    // found inside the delivery-status part.
    [
      'rhost-google-01.eml',
      {
        kind: 'bounce',
        recipients: ['shironeko@example.ne.jp'],
        originalMessageId: '201305110000000000000.r4B003v000000@mail4.example.co.jp',
        status: '5.2.1',
        hard: true,
      },
    ],
    // DSN with a temporary failure; the returned "Message-ID: 20140913142357" is no Message-ID.
    [
      'lhost-postfix-09.eml',
      { kind: 'bounce', recipients: ['kijitora@example.ne.jp'], status: '4.3.2', hard: false, originalMessageId: undefined },
    ],
    // Original-Recipient (what the sender used) wins over Final-Recipient (after aliasing).
    ['lhost-postfix-77.eml', { kind: 'bounce', recipients: ['neko@example.co.jp'], hard: true }],
    // qmail: "<addr>:" line, "(#5.5.0)", headers quoted after "--- Below this line is a copy".
    [
      'lhost-qmail-01.eml',
      {
        kind: 'bounce',
        recipients: ['kijitora@example.ne.jp'],
        originalMessageId: '000000000.9999999999999.JavaMail.postmaster@mailhub',
        status: '5.5.0',
        hard: true,
      },
    ],
    // qmail with a full mailbox: 5.2.2 is soft.
    ['lhost-qmail-24.eml', { kind: 'bounce', recipients: ['mailboxfull@libsisimai.net'], status: '5.2.2', hard: false }],
    // Exim: X-Failed-Recipients, the returned message's own Message-Id (not the one in the SMTP transcript).
    [
      'lhost-exim-01.eml',
      {
        kind: 'bounce',
        reason: 'x-failed-recipients',
        recipients: ['kijitora@example.ed.jp'],
        originalMessageId: 'E1P1ce6-000Egt-GZ@e1.example.org',
        status: '5.7.0',
        hard: true,
      },
    ],
    // Exim "Warning: message … delayed 24 hours": soft.
    ['lhost-exim-38.eml', { kind: 'bounce', recipients: ['kijitora@example.co.jp'], hard: false }],
    // Gmail text bounce.
    [
      'lhost-gmail-01.eml',
      {
        kind: 'bounce',
        recipients: ['userunknown@example.jp'],
        originalMessageId: 'D992C2C3-F175-4C4D-97E2-53A90E4E5BF5@gmail.com',
        status: '5.1.1',
        hard: true,
      },
    ],
    // Exchange 2003 plain text: "did not reach the following recipient(s)", no status code.
    ['lhost-exchange2003-03.eml', { kind: 'bounce', recipients: ['kijitora@example.jp'], hard: true }],
    // Amazon SES bounce notification delivered through SNS (JSON body).
    [
      'lhost-amazonses-09.eml',
      { kind: 'bounce', reason: 'ses-notification', recipients: ['bounce@simulator.amazonses.com'], status: '5.1.1', hard: true },
    ],
    // ARF abuse report with seven Original-Rcpt-To fields.
    [
      'arf-16.eml',
      {
        kind: 'complaint',
        feedbackType: 'abuse',
        originalMessageId: 'ffffffffffffffffffffffff0000000@example.jp',
        recipients: [
          'kijitora@example.com',
          'sironeko@example.com',
          'mikeneko@example.com',
          'sabatora@example.com',
          'sirokiji@example.org',
          'kuroneko@example.com',
          'sabineko@example.com',
        ],
      },
    ],
    // ARF opt-out with Removal-Recipient.
    ['arf-12.eml', { kind: 'complaint', feedbackType: 'opt-out', recipients: ['user@example.com'] }],
  ])('%s', (file, expected) => {
    const result = results.get(file) as Record<string, unknown> | undefined;
    expect(result, file).toBeDefined();
    for (const [key, value] of Object.entries(expected)) {
      expect(result![key], `${file}: ${key}`).toEqual(value);
    }
  });
});

describe('corpus: bounces/maildir/not (3 look-alikes) through reply-text', () => {
  it('calls none of them a bounce; the two ordinary messages are messages', async () => {
    const dir = `${BOUNCES}maildir/not/`;
    const kinds = await analyzeFolder(dir, emlFiles(dir));
    expect(Object.fromEntries(kinds)).toEqual({
      'is-not-bounce-01.eml': 'message',
      'is-not-bounce-02.eml': 'message',
      // A postmaster's "email bounce notification" (Return-Path: <>, Auto-Submitted: auto-replied):
      // sisimai does not parse it as a bounce, but no person wrote it.
      'rb-issue-368-bug.eml': 'auto_reply',
    });
  });
});

describe.each(CLASSIFY_SETS)('corpus: classify/%s through reply-text', (set) => {
  it('classifies every labelled file as labels.tsv says, with no false positive either way', async () => {
    const dir = `${CORPORA}classify/${set}/`;
    const labels = readLabels(`${dir}labels.tsv`);
    const kinds = await analyzeFolder(
      dir,
      labels.map((l) => l.file),
    );
    const result = scoreClassifications(
      `classify/${set}`,
      'classify',
      labels.map((l) => ({ ...l, got: kinds.get(l.file)! })),
    );
    expect(result.misses).toEqual([]);
    expect(result.falsePositives).toEqual({ personAsMachine: [], machineAsPerson: [] });
  });
});

describe('corpus: classify/sisimai-mac (bare CR line endings)', () => {
  it('is really bare-CR mail, and reads like its LF twin in maildir/bsd', async () => {
    const dir = `${CORPORA}classify/sisimai-mac/`;
    const file = 'lhost-postfix-01.eml';
    const raw = readFileSync(dir + file);
    expect(raw.includes(0x0a)).toBe(false);
    const twin = readFileSync(`${BOUNCES}maildir/bsd/${file}`);
    const fromMac = classifyEmail(await parse(skipMboxFromLine(normalizeLineEndings(raw))));
    expect(fromMac).toMatchObject({ kind: 'bounce', hard: true });
    expect(fromMac).toEqual(classifyEmail(await parse(skipMboxFromLine(twin))));
  });
});

describe('corpus: reply-trimming (64 human replies)', () => {
  it('classifies none of them as bounce, complaint or auto-reply', async () => {
    const files = readdirSync(REPLIES)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(files.length).toBe(64);
    const wrong: string[] = [];
    for (const file of files) {
      const email: ParsedEmailLike = {
        headers: [
          { key: 'from', value: 'Jane Doe <jane.doe@example.com>' },
          { key: 'subject', value: 'Re: Question' },
        ],
        from: { address: 'jane.doe@example.com', name: 'Jane Doe' },
        subject: 'Re: Question',
        text: readFileSync(REPLIES + file, 'utf8'),
        attachments: [],
      };
      const result = classifyEmail(email);
      if (result.kind !== 'message') wrong.push(`${file}: ${describeResult(result)}`);
    }
    const kinds = await analyzeFolder(REPLIES, files);
    for (const [file, kind] of kinds) if (kind !== 'message') wrong.push(`${file} (reply-text): ${kind}`);
    expect(wrong).toEqual([]);
  });
});

describe('fixtures: human replies stay messages', () => {
  it.each(['gmail-reply.eml', 'outlook-reply.eml', 'apple-mail-reply.eml', 'human-mentions-bounce.eml'])('%s', async (name) => {
    const email = await fixture(name);
    // Sanity: the fixture parsed into a real reply.
    expect(email.subject).toMatch(/^(Re|AW): /);
    expect(email.text?.length ?? 0).toBeGreaterThan(50);
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
  });
});

describe('fixtures: one per auto-reply rule', () => {
  it.each([
    ['auto-submitted.eml', 'auto-submitted'],
    ['precedence-bulk.eml', 'precedence:bulk'],
    ['x-autoreply.eml', 'x-autoreply'],
    ['x-auto-response-suppress.eml', 'x-auto-response-suppress'],
    ['list-header.eml', 'list-header'],
    ['x-mailer-autoresponder.eml', 'x-mailer'],
    ['null-return-path.eml', 'null-return-path'],
    ['noreply-sender.eml', 'noreply-sender'],
    ['read-receipt.eml', 'read-receipt'],
    // out-of-office subjects without any automatic-mail header: Swedish, German, Hebrew, Chinese
    ['ooo-subject-sv.eml', 'out-of-office-subject'],
    ['ooo-subject-de.eml', 'out-of-office-subject'],
    ['ooo-subject-he.eml', 'out-of-office-subject'],
    ['ooo-subject-zh.eml', 'out-of-office-subject'],
  ])('%s → %s', async (name, reason) => {
    expect(classifyEmail(await fixture(name))).toEqual({ kind: 'auto_reply', reason });
  });

  it('each rule fixture becomes a message once its one signal is removed', async () => {
    // Proves each fixture exercises exactly the rule it is named after.
    const strip: Record<string, (e: ParsedEmailLike) => ParsedEmailLike> = {
      'auto-submitted.eml': (e) => withoutHeader(e, 'auto-submitted'),
      'precedence-bulk.eml': (e) => withoutHeader(e, 'precedence'),
      'x-autoreply.eml': (e) => withoutHeader(e, 'x-autoreply'),
      'list-header.eml': (e) => withoutHeader(withoutHeader(e, 'list-id'), 'list-unsubscribe'),
      'x-mailer-autoresponder.eml': (e) => withoutHeader(e, 'x-mailer'),
      'null-return-path.eml': (e) => withoutHeader(e, 'return-path'),
      'noreply-sender.eml': (e) => ({ ...e, from: { address: 'kundservice@notify.kuaidi.example.cn', name: '' } }),
      'ooo-subject-de.eml': (e) => ({ ...e, subject: 'Ihre Anfrage zur Rechnung RE-2024-0588' }),
    };
    for (const [name, remove] of Object.entries(strip)) {
      expect(classifyEmail(remove(await fixture(name))), name).toEqual({ kind: 'message' });
    }
    // The Exchange out-of-office reply also has a Swedish "Autosvar:" subject.
    expect(classifyEmail(withoutHeader(await fixture('x-auto-response-suppress.eml'), 'x-auto-response-suppress'))).toEqual({
      kind: 'auto_reply',
      reason: 'out-of-office-subject',
    });
  });
});

function withoutHeader(email: ParsedEmailLike, key: string): ParsedEmailLike {
  return { ...email, headers: email.headers.filter((h) => h.key !== key) };
}

describe('fixtures: bounces', () => {
  it('reads an SMTPUTF8 report (message/global-delivery-status + message/global-headers)', async () => {
    expect(classifyEmail(await fixture('dsn-global-delivery-status.eml'))).toEqual({
      kind: 'bounce',
      hard: true,
      recipients: ['björn.åberg@kund.example.se'],
      originalMessageId: '01901c55-3e21-7a9b-8c0d-1e2f3a4b5c6d@samtal.example',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <björn.åberg@kund.example.se>: Recipient address rejected: User unknown in virtual mailbox table',
      reason: 'dsn',
    });
  });

  it('reads a Swedish plain-text non-delivery report ("Olevererbart:")', async () => {
    const result = classifyEmail(await fixture('ndr-sv-plain.eml'));
    expect(result).toMatchObject({
      kind: 'bounce',
      hard: true,
      recipients: ['sven.ek@foretaget.example.se'],
      originalMessageId: '01901c60-7d42-7b5e-9f01-2a3b4c5d6e7f@samtal.example',
      status: '5.1.10',
    });
  });

  it('gives the same answer whatever attachmentEncoding postal-mime was asked for', async () => {
    const raw = readFileSync(FIXTURES + 'dsn-global-delivery-status.eml');
    const expected = classifyEmail(await parse(raw));
    for (const attachmentEncoding of ['base64', 'utf8', 'arraybuffer'] as const) {
      expect(classifyEmail(await parse(raw, { attachmentEncoding })), attachmentEncoding).toEqual(expected);
    }
  });
});

describe('classifyEmail rules', () => {
  const bounceHeaders = {
    'Return-Path': '<>',
    From: 'Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    To: 'bounces@samtal.example',
    Subject: 'Mail delivery failed: returning message to sender',
    'Message-ID': '<E1sFq2-0001ab-Cd@mx.example.net>',
    Date: 'Mon, 3 Jun 2024 10:00:00 +0200',
    'Content-Type': 'text/plain; charset=us-ascii',
  };
  const notice = (reason: string): string =>
    'This message was created automatically by mail delivery software.\n\n' +
    'A message that you sent could not be delivered to one or more of its\nrecipients. The following address(es) failed:\n\n' +
    `  ola@example.org\n    ${reason}\n\n` +
    '------ This is a copy of the message, including all the headers. ------\n\n' +
    'Message-ID: <01900000-0000-7000-8000-00000000abcd@samtal.example>\n' +
    'From: support@samtal.example\nTo: ola@example.org\nSubject: Hello\n\nHello\n';

  it.each([
    ['user unknown', 'host mx.example.org said: User unknown', true],
    ['mailbox does not exist', 'The mailbox ola does not exist here', true],
    ['mailbox full', 'Mailbox full, try again later', false],
    ['over quota', 'user is over quota', false],
    ['greylisting', 'Greylisted, please try again in 5 minutes', false],
    ['basic 5xx code only', 'host mx.example.org: 550 rejected', true],
    ['basic 4xx code only', 'host mx.example.org: 451 local error in processing', false],
    ['5.x.x status', 'host mx.example.org: 554 5.7.1 Service unavailable; client host blocked', true],
    ['4.x.x status with a "hard" text', 'host mx.example.org: 450 4.1.1 User unknown, verification pending', false],
    ['5.2.2 status', 'host mx.example.org: 552 5.2.2 Quota exceeded', false],
  ])('hard/soft without a DSN part: %s', async (_label, reason, hard) => {
    const result = classifyEmail(await parse(rawMessage(bounceHeaders, notice(reason))));
    expect(result).toMatchObject({
      kind: 'bounce',
      hard,
      recipients: ['ola@example.org'],
      originalMessageId: '01900000-0000-7000-8000-00000000abcd@samtal.example',
    });
  });

  it('X-Failed-Recipients alone makes a bounce, and names the recipients', async () => {
    const result = classifyEmail(
      await parse(
        rawMessage({ ...PERSON_HEADERS, 'X-Failed-Recipients': 'a@example.org, B@Example.org' }, 'Delivery to these recipients failed.'),
      ),
    );
    expect(result).toMatchObject({ kind: 'bounce', reason: 'x-failed-recipients', recipients: ['a@example.org', 'b@example.org'] });
  });

  it('needs two signals for a free-text bounce: a bounce subject from a person is still a message', async () => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, Subject: 'Undelivered Mail Returned to Sender' }, 'Why did I get this?'));
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
  });

  it('treats an envelope null sender like Return-Path: <>', async () => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, 'Return-Path': '<jane.doe@gmail.com>' }, 'Thanks!'));
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
    expect(classifyEmail(email, { from: '' })).toEqual({ kind: 'auto_reply', reason: 'null-return-path' });
    expect(classifyEmail(email, { from: '<>' })).toEqual({ kind: 'auto_reply', reason: 'null-return-path' });
    // null means "unknown", not the null sender
    expect(classifyEmail(email, { from: null })).toEqual({ kind: 'message' });
    expect(classifyEmail(email, { from: 'jane.doe@gmail.com' })).toEqual({ kind: 'message' });
  });

  it('null envelope sender plus failure text is a bounce', async () => {
    const email = await parse(
      rawMessage(
        { From: 'Helpdesk <helpdesk@mx.example.org>', To: 'bounces@samtal.example', Subject: 'Notice' },
        notice('550 5.1.1 User unknown'),
      ),
    );
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
    expect(classifyEmail(email, { from: '' })).toMatchObject({
      kind: 'bounce',
      reason: 'null-sender',
      hard: true,
      recipients: ['ola@example.org'],
    });
  });

  it.each([
    ['auto-replied', 'auto-submitted'],
    ['auto-generated', 'auto-submitted'],
    ['auto-notified; owner-email="x@example.org"', 'auto-submitted'],
  ])('Auto-Submitted: %s', async (value, reason) => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, 'Auto-Submitted': value }, 'x'));
    expect(classifyEmail(email)).toEqual({ kind: 'auto_reply', reason });
  });

  it('Auto-Submitted: no is a person', async () => {
    expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, 'Auto-Submitted': 'no' }, 'x')))).toEqual({ kind: 'message' });
  });

  it.each(['bulk', 'junk', 'list', 'auto_reply'])('Precedence: %s', async (value) => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, Precedence: value }, 'x'));
    expect(classifyEmail(email)).toEqual({ kind: 'auto_reply', reason: `precedence:${value}` });
  });

  it('Precedence: first-class is a person', async () => {
    expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, Precedence: 'first-class' }, 'x')))).toEqual({ kind: 'message' });
  });

  describe("a post relayed by a list or group is its author's message", () => {
    const mailman = {
      ...PERSON_HEADERS,
      Precedence: 'list',
      'List-Id': 'Kunder <kunder.lists.example.org>',
      'List-Post': '<mailto:kunder@lists.example.org>',
      'List-Unsubscribe': '<mailto:kunder-leave@lists.example.org>',
      'X-BeenThere': 'kunder@lists.example.org',
      'X-Mailman-Version': '2.1.39',
    };
    const googleGroup = {
      ...PERSON_HEADERS,
      From: "'Jane Doe' via Kunder <kunder@googlegroups.com>",
      'X-Original-Sender': 'jane.doe@gmail.com',
      Precedence: 'list',
      'Mailing-list': 'list kunder@googlegroups.com; contact kunder+owners@googlegroups.com',
      'List-ID': '<kunder.googlegroups.com>',
      'X-Google-Group-Id': '123456789',
    };

    it.each([
      ['Mailman (List-Post, X-BeenThere, Precedence: list)', mailman],
      ['Google Groups (Mailing-list, X-Original-Sender)', googleGroup],
      [
        'a List-Id with the list as Sender',
        { ...PERSON_HEADERS, Precedence: 'list', 'List-Id': '<kunder.example.org>', Sender: 'kunder-bounces@example.org' },
      ],
      ['a majordomo list that marks posts bulk', { ...PERSON_HEADERS, Precedence: 'bulk', 'List-Post': '<mailto:kunder@example.org>' }],
    ])('%s', async (_label, headers) => {
      expect(classifyEmail(await parse(rawMessage(headers, 'Hej, en fråga om min order.')))).toEqual({ kind: 'message' });
    });

    it("unless its author's software marked it automatic", async () => {
      const ooo = await parse(rawMessage({ ...mailman, 'Auto-Submitted': 'auto-replied', Subject: 'Autosvar: Re: Fråga' }, 'Ledig.'));
      expect(classifyEmail(ooo)).toEqual({ kind: 'auto_reply', reason: 'auto-submitted' });
      const subjectOnly = await parse(rawMessage({ ...googleGroup, Subject: 'Automatic reply: Re: Fråga' }, 'I am away.'));
      expect(classifyEmail(subjectOnly)).toEqual({ kind: 'auto_reply', reason: 'out-of-office-subject' });
    });

    it('a newsletter (List-Id, List-Unsubscribe, no list relay headers) and Precedence: list alone stay automatic', async () => {
      const newsletter = { ...PERSON_HEADERS, 'List-Id': '<nyheter.example.se>', 'List-Unsubscribe': '<https://example.se/u/1>' };
      expect(classifyEmail(await parse(rawMessage(newsletter, 'x')))).toEqual({ kind: 'auto_reply', reason: 'list-header' });
      const announceOnly = await parse(rawMessage({ ...newsletter, 'List-Post': 'NO' }, 'x'));
      expect(classifyEmail(announceOnly)).toEqual({ kind: 'auto_reply', reason: 'list-header' });
      const precedenceOnly = await parse(rawMessage({ ...PERSON_HEADERS, Precedence: 'list' }, 'x'));
      expect(classifyEmail(precedenceOnly)).toEqual({ kind: 'auto_reply', reason: 'precedence:list' });
    });
  });

  it.each([
    ['X-Autorespond', 'yes', 'x-autoreply'],
    ['List-Id', '<team.lists.example.org>', 'list-header'],
    ['List-Unsubscribe', '<mailto:leave@lists.example.org>', 'list-header'],
  ])('%s: %s', async (key, value, reason) => {
    expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, [key]: value }, 'x')))).toEqual({ kind: 'auto_reply', reason });
  });

  // Outlook and Exchange set it on ordinary mail.
  it.each(['DR, RN', 'OOF', 'All', 'DR, RN, NRN, OOF, AutoReply'])('X-Auto-Response-Suppress: %s alone is a person', async (value) => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, 'X-Auto-Response-Suppress': value }, 'x'));
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
  });

  it("X-Auto-Response-Suppress with X-MS-Exchange-Inbox-Rules-Loop is Exchange's auto-reply; the loop header alone is not", async () => {
    const loop = { 'X-MS-Exchange-Inbox-Rules-Loop': 'jane.doe@gmail.com' };
    const both = await parse(rawMessage({ ...PERSON_HEADERS, ...loop, 'X-Auto-Response-Suppress': 'All' }, 'x'));
    expect(classifyEmail(both)).toEqual({ kind: 'auto_reply', reason: 'x-auto-response-suppress' });
    expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, ...loop }, 'x')))).toEqual({ kind: 'message' });
  });

  it.each([
    'AUTO: Lena Berg is out of the office (returning 05/01/2025)',
    'Frånvaro: Re: Offert',
    'Frånvaro',
    'Risposta Non al computer: Re: Ordine 1234',
    'Auto Response: Re: Question',
  ])('out-of-office subject "%s"', async (subject) => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, Subject: subject }, 'x'));
    expect(classifyEmail(email)).toEqual({ kind: 'auto_reply', reason: 'out-of-office-subject' });
  });

  it.each(['Auto: fråga om leasingavtalet', 'Frånvarande vid leveransen, vad gör jag?', 'Re: Non al computer ma al telefono'])(
    'a person\'s subject "%s" stays a message',
    async (subject) => {
      expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, Subject: subject }, 'x')))).toEqual({ kind: 'message' });
    },
  );

  it('a challenge-response request (Bluebottle) is automatic mail', async () => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, 'X-Bluebottle-Request': '<1234>' }, 'Click to be allowed.'));
    expect(classifyEmail(email)).toEqual({ kind: 'auto_reply', reason: 'challenge-response' });
  });

  it("Hotmail's feedback loop re-sending the reported message is a complaint by the address it names", async () => {
    const headers = {
      'Return-Path': 'staff@hotmail.com',
      'X-HmXmrOriginalRecipient': 'kund@hotmail.com',
      From: 'Butiken <nyheter@butiken.example.se>',
      To: 'kund@hotmail.com',
      Subject: 'Höstrea',
      'Message-ID': '<nyhet-42@butiken.example.se>',
    };
    expect(classifyEmail(await parse(rawMessage(headers, 'Vår höstrea har börjat.')))).toEqual({
      kind: 'complaint',
      recipients: ['kund@hotmail.com'],
      originalMessageId: 'nyhet-42@butiken.example.se',
      feedbackType: 'abuse',
    });
    // Without Hotmail as the sender the header proves nothing.
    const notFromHotmail = await parse(rawMessage({ ...headers, 'Return-Path': '<nyheter@butiken.example.se>' }, 'x'));
    expect(classifyEmail(notFromHotmail)).toEqual({ kind: 'message' });
  });

  it('a null-sender notice "That\'s not a valid user here" is a bounce', async () => {
    const headers = { From: '<>', To: 'bounces@samtal.example', 'Auto-Submitted': 'auto-replied' };
    const email = await parse(rawMessage(headers, "You sent mail to ola@example.org. That's not a valid user here."));
    expect(classifyEmail(email, { from: '' })).toMatchObject({ kind: 'bounce', reason: 'null-sender', recipients: ['ola@example.org'] });
  });

  it.each([
    'noreply@example.com',
    'no-reply@example.com',
    'no_reply@example.com',
    'donotreply@example.com',
    'do-not-reply@example.com',
    'mailer-daemon@example.com',
    'noreply-billing@example.com',
  ])('sender %s', async (address) => {
    const email = await parse(
      rawMessage({ ...PERSON_HEADERS, From: `Service <${address}>`, Subject: 'Your receipt' }, 'Thanks for your purchase.'),
    );
    expect(classifyEmail(email)).toEqual({ kind: 'auto_reply', reason: 'noreply-sender' });
  });

  it('a sender that merely contains "reply" is a person', async () => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, From: 'Replying Person <replyguy@example.com>' }, 'x'));
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
  });

  it('bounces are recognised before the auto-reply rules they also match', async () => {
    const email = await parse(
      rawMessage({ ...bounceHeaders, 'Auto-Submitted': 'auto-replied', Precedence: 'bulk' }, notice('550 5.1.1 User unknown')),
    );
    expect(classifyEmail(email)).toMatchObject({ kind: 'bounce' });
  });
});

// No time limits are asserted here: catastrophic backtracking would hang a case far past vitest's timeout.
describe('hostile input', () => {
  it('bounce-looking bodies of repeated characters are still read as bounces', () => {
    const bodies = [
      'a'.repeat(256 * 1024),
      'a@'.repeat(128 * 1024),
      '-'.repeat(256 * 1024),
      'x\n'.repeat(128 * 1024),
      '5.5.5.5.'.repeat(32 * 1024),
      ('<' + 'a'.repeat(70) + ' ').repeat(3000),
    ];
    for (const text of bodies) {
      const email: ParsedEmailLike = {
        headers: [{ key: 'return-path', value: '<>' }],
        from: { address: 'MAILER-DAEMON@example.com' },
        subject: 'Undelivered Mail Returned to Sender',
        text,
        attachments: [],
      };
      expect(classifyEmail(email).kind).toBe('bounce');
    }
  });

  it('a huge subject and header do not stop the classification', () => {
    const email: ParsedEmailLike = {
      headers: [{ key: 'x-failed-recipients', value: ')'.repeat(200_000) + 'x' }],
      from: { address: 'someone@example.com' },
      subject: 'delivery notification '.repeat(10_000) + '(success)',
      attachments: [],
    };
    expect(classifyEmail(email)).toMatchObject({ kind: 'bounce', reason: 'x-failed-recipients', recipients: [] });
  });
});
