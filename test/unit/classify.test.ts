import PostalMime from 'postal-mime';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyEmail, type Classification, type ParsedEmailLike } from '../../src/domain/classify.ts';

const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/classify/', import.meta.url));
const BSD = `${CORPORA}bounces/maildir/bsd/`;
const NOT_BOUNCES = `${CORPORA}bounces/maildir/not/`;
const REPLIES = `${CORPORA}reply-trimming/emails/`;

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

describe('corpora', () => {
  it('resolves ../shared/corpora from the repository', () => {
    expect(existsSync(`${CORPORA}README.md`)).toBe(true);
    expect(existsSync(BSD)).toBe(true);
  });
});

describe('corpus: bounces/maildir/bsd (629 real bounce messages)', () => {
  const results = new Map<string, Classification>();
  const raws = new Map<string, string>();

  beforeAll(async () => {
    for (const file of readdirSync(BSD).filter((f) => f.endsWith('.eml')).sort()) {
      const raw = readFileSync(BSD + file);
      raws.set(file, raw.toString('latin1'));
      results.set(file, classifyEmail(await parse(raw)));
    }
  });

  /** Feedback reports (ARF, and SES's complaint notification) count when classified as complaints. */
  const isFeedbackReport = (file: string): boolean =>
    file.startsWith('arf-') || /"notificationType"\s*:\s*"Complaint"/.test(raws.get(file) ?? '');

  const accepted = (file: string, c: Classification): boolean =>
    c.kind === 'bounce' || (c.kind === 'complaint' && isFeedbackReport(file));

  /**
   * Messages in the set that are not delivery failures, each with the reason and the
   * classification it must get instead. Checked against the raw message below, so the list
   * cannot quietly hide a real miss.
   */
  const NOT_FAILURES: Record<string, { why: RegExp; expected: string }> = {
    'rfc3834-01.eml': { why: /^Auto-Submitted: auto-replied/m, expected: 'auto_reply(auto-submitted)' },
    'rfc3834-02.eml': { why: /^X-Auto-Response-Suppress: All/m, expected: 'auto_reply(x-auto-response-suppress)' },
    'rfc3834-03.eml': { why: /^X-Apple-Action: VACATION/m, expected: 'auto_reply(x-autoreply)' },
    'rfc3834-04.eml': { why: /^X-Auto-Response-Suppress: All/m, expected: 'auto_reply(x-auto-response-suppress)' },
    'rfc3834-05.eml': { why: /^Auto-Submitted: auto-replied/m, expected: 'auto_reply(auto-submitted)' },
    'rfc3834-06.eml': { why: /^Auto-Submitted: auto-replied/m, expected: 'auto_reply(auto-submitted)' },
    // Successful-delivery notifications: marking the original "bounced" would be wrong.
    'rfc3464-28.eml': { why: /^Action: deliverable\nStatus: 2\.1\.5/m, expected: 'auto_reply(delivery-report)' },
    'lhost-amazonses-12.eml': { why: /"notificationType":"Delivery"/, expected: 'auto_reply(delivery-report)' },
    'lhost-amazonses-13.eml': { why: /"notificationType":"Delivery"/, expected: 'auto_reply(delivery-report)' },
  };

  it('reads all 629 messages', () => {
    expect(results.size).toBe(629);
  });

  it('classifies at least 620 of 629 as bounce (complaint for feedback reports)', () => {
    const misses = [...results].filter(([file, c]) => !accepted(file, c));
    const complaints = [...results].filter(([, c]) => c.kind === 'complaint').map(([file]) => file);
    console.log(
      `bsd: ${results.size - misses.length}/${results.size} bounce or complaint ` +
        `(${complaints.length} complaints: ${complaints.join(', ')})\n` +
        `misses:\n${misses.map(([file, c]) => `  ${file}: ${describeResult(c)}`).join('\n')}`,
    );
    expect(results.size - misses.length).toBeGreaterThanOrEqual(620);
  });

  it('misses only the messages that are not delivery failures, and classifies those as automatic mail', () => {
    const misses = [...results].filter(([file, c]) => !accepted(file, c)).map(([file]) => file);
    expect(misses.filter((file) => !(file in NOT_FAILURES))).toEqual([]);
    for (const [file, { why, expected }] of Object.entries(NOT_FAILURES)) {
      expect(raws.get(file), file).toMatch(why);
      expect(describeResult(results.get(file)!), file).toBe(expected);
    }
  });

  it('never calls a bounce "message"', () => {
    expect([...results].filter(([, c]) => c.kind === 'message').map(([file]) => file)).toEqual([]);
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
    ['rhost-google-01.eml', { kind: 'bounce', recipients: ['shironeko@example.ne.jp'], originalMessageId: '201305110000000000000.r4B003v000000@mail4.example.co.jp', status: '5.2.1', hard: true }],
    // DSN with a temporary failure; the returned "Message-ID: 20140913142357" is no Message-ID.
    ['lhost-postfix-09.eml', { kind: 'bounce', recipients: ['kijitora@example.ne.jp'], status: '4.3.2', hard: false, originalMessageId: undefined }],
    // Original-Recipient (what the sender used) wins over Final-Recipient (after aliasing).
    ['lhost-postfix-77.eml', { kind: 'bounce', recipients: ['neko@example.co.jp'], hard: true }],
    // qmail: "<addr>:" line, "(#5.5.0)", headers quoted after "--- Below this line is a copy".
    ['lhost-qmail-01.eml', { kind: 'bounce', recipients: ['kijitora@example.ne.jp'], originalMessageId: '000000000.9999999999999.JavaMail.postmaster@mailhub', status: '5.5.0', hard: true }],
    // qmail with a full mailbox: 5.2.2 is soft.
    ['lhost-qmail-24.eml', { kind: 'bounce', recipients: ['mailboxfull@libsisimai.net'], status: '5.2.2', hard: false }],
    // Exim: X-Failed-Recipients, the returned message's own Message-Id (not the one in the SMTP transcript).
    ['lhost-exim-01.eml', { kind: 'bounce', reason: 'x-failed-recipients', recipients: ['kijitora@example.ed.jp'], originalMessageId: 'E1P1ce6-000Egt-GZ@e1.example.org', status: '5.7.0', hard: true }],
    // Exim "Warning: message … delayed 24 hours": soft.
    ['lhost-exim-38.eml', { kind: 'bounce', recipients: ['kijitora@example.co.jp'], hard: false }],
    // Gmail text bounce.
    ['lhost-gmail-01.eml', { kind: 'bounce', recipients: ['userunknown@example.jp'], originalMessageId: 'D992C2C3-F175-4C4D-97E2-53A90E4E5BF5@gmail.com', status: '5.1.1', hard: true }],
    // Exchange 2003 plain text: "did not reach the following recipient(s)", no status code.
    ['lhost-exchange2003-03.eml', { kind: 'bounce', recipients: ['kijitora@example.jp'], hard: true }],
    // Amazon SES bounce notification delivered through SNS (JSON body).
    ['lhost-amazonses-09.eml', { kind: 'bounce', reason: 'ses-notification', recipients: ['bounce@simulator.amazonses.com'], status: '5.1.1', hard: true }],
    // ARF abuse report with seven Original-Rcpt-To fields.
    ['arf-16.eml', { kind: 'complaint', feedbackType: 'abuse', originalMessageId: 'ffffffffffffffffffffffff0000000@example.jp', recipients: ['kijitora@example.com', 'sironeko@example.com', 'mikeneko@example.com', 'sabatora@example.com', 'sirokiji@example.org', 'kuroneko@example.com', 'sabineko@example.com'] }],
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

describe('corpus: bounces/maildir/not (3 look-alikes)', () => {
  it('classifies none of them as a bounce', async () => {
    const files = readdirSync(NOT_BOUNCES).filter((f) => f.endsWith('.eml')).sort();
    expect(files.length).toBe(3);
    const results: [string, Classification][] = [];
    for (const file of files) results.push([file, classifyEmail(await parse(readFileSync(NOT_BOUNCES + file)))]);
    console.log(`not: ${results.map(([f, c]) => `${f}: ${describeResult(c)}`).join(', ')}`);
    expect(results.filter(([, c]) => c.kind === 'bounce').map(([f]) => f)).toEqual([]);
    // The two ordinary messages stay messages; the postmaster notice (null sender,
    // Auto-Submitted) is still machine mail.
    expect(Object.fromEntries(results.map(([f, c]) => [f, describeResult(c)]))).toEqual({
      'is-not-bounce-01.eml': 'message',
      'is-not-bounce-02.eml': 'message',
      'rb-issue-368-bug.eml': 'auto_reply(auto-submitted)',
    });
  });
});

describe('corpus: reply-trimming (64 human replies)', () => {
  it('classifies none of them as bounce, complaint or auto-reply', () => {
    const files = readdirSync(REPLIES).filter((f) => f.endsWith('.txt')).sort();
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
    console.log(`replies: ${wrong.length}/64 misclassified ${wrong.join(', ')}`);
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
    `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. The following address(es) failed:\n\n  ola@example.org\n    ${reason}\n\n------ This is a copy of the message, including all the headers. ------\n\nMessage-ID: <01900000-0000-7000-8000-00000000abcd@samtal.example>\nFrom: support@samtal.example\nTo: ola@example.org\nSubject: Hello\n\nHello\n`;

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
      await parse(rawMessage({ ...PERSON_HEADERS, 'X-Failed-Recipients': 'a@example.org, B@Example.org' }, 'Delivery to these recipients failed.')),
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
      rawMessage({ From: 'Helpdesk <helpdesk@mx.example.org>', To: 'bounces@samtal.example', Subject: 'Notice' }, notice('550 5.1.1 User unknown')),
    );
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
    expect(classifyEmail(email, { from: '' })).toMatchObject({ kind: 'bounce', reason: 'null-sender', hard: true, recipients: ['ola@example.org'] });
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

  it.each([
    ['X-Auto-Response-Suppress', 'OOF', 'x-auto-response-suppress'],
    ['X-Auto-Response-Suppress', 'DR, RN, NRN, OOF, AutoReply', 'x-auto-response-suppress'],
    ['X-Autorespond', 'yes', 'x-autoreply'],
    ['List-Id', '<team.lists.example.org>', 'list-header'],
    ['List-Unsubscribe', '<mailto:leave@lists.example.org>', 'list-header'],
  ])('%s: %s', async (key, value, reason) => {
    expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, [key]: value }, 'x')))).toEqual({ kind: 'auto_reply', reason });
  });

  it('X-Auto-Response-Suppress without OOF/All/AutoReply is a person (Outlook sets DR/RN on normal mail)', async () => {
    expect(classifyEmail(await parse(rawMessage({ ...PERSON_HEADERS, 'X-Auto-Response-Suppress': 'DR, RN' }, 'x')))).toEqual({ kind: 'message' });
  });

  it.each(['noreply@example.com', 'no-reply@example.com', 'no_reply@example.com', 'donotreply@example.com', 'do-not-reply@example.com', 'mailer-daemon@example.com', 'noreply-billing@example.com'])(
    'sender %s',
    async (address) => {
      const email = await parse(rawMessage({ ...PERSON_HEADERS, From: `Service <${address}>`, Subject: 'Your receipt' }, 'Thanks for your purchase.'));
      expect(classifyEmail(email)).toEqual({ kind: 'auto_reply', reason: 'noreply-sender' });
    },
  );

  it('a sender that merely contains "reply" is a person', async () => {
    const email = await parse(rawMessage({ ...PERSON_HEADERS, From: 'Replying Person <replyguy@example.com>' }, 'x'));
    expect(classifyEmail(email)).toEqual({ kind: 'message' });
  });

  it('bounces are recognised before the auto-reply rules they also match', async () => {
    const email = await parse(rawMessage({ ...bounceHeaders, 'Auto-Submitted': 'auto-replied', Precedence: 'bulk' }, notice('550 5.1.1 User unknown')));
    expect(classifyEmail(email)).toMatchObject({ kind: 'bounce' });
  });
});

describe('performance', () => {
  it('classifies a typical 10 KB reply in well under 0.2 ms', async () => {
    let body = '';
    for (const file of readdirSync(REPLIES).sort()) {
      body += readFileSync(REPLIES + file, 'utf8') + '\n';
      if (body.length > 10_240) break;
    }
    const email = await parse(rawMessage(PERSON_HEADERS, body.slice(0, 10_240)));
    expect(email.text!.length).toBeGreaterThan(9_000);
    for (let i = 0; i < 500; i++) classifyEmail(email);
    const runs = 5_000;
    const started = performance.now();
    for (let i = 0; i < runs; i++) classifyEmail(email);
    const perCall = (performance.now() - started) / runs;
    console.log(`typical reply: ${(perCall * 1000).toFixed(1)} µs per classification`);
    expect(perCall).toBeLessThan(0.2);
  });

  it('stays fast on hostile bounce-looking input (no catastrophic backtracking)', () => {
    const bodies = ['a'.repeat(256 * 1024), 'a@'.repeat(128 * 1024), '-'.repeat(256 * 1024), 'x\n'.repeat(128 * 1024), '5.5.5.5.'.repeat(32 * 1024), ('<' + 'a'.repeat(70) + ' ').repeat(3000)];
    for (const text of bodies) {
      const email: ParsedEmailLike = {
        headers: [{ key: 'return-path', value: '<>' }],
        from: { address: 'MAILER-DAEMON@example.com' },
        subject: 'Undelivered Mail Returned to Sender',
        text,
        attachments: [],
      };
      const started = performance.now();
      const result = classifyEmail(email);
      expect(performance.now() - started).toBeLessThan(500);
      expect(result.kind).toBe('bounce');
    }
  });

  it('stays fast on a hostile subject and header', () => {
    const email: ParsedEmailLike = {
      headers: [{ key: 'x-failed-recipients', value: ')'.repeat(200_000) + 'x' }],
      from: { address: 'someone@example.com' },
      subject: 'delivery notification '.repeat(10_000) + '(success)',
      attachments: [],
    };
    const started = performance.now();
    classifyEmail(email);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
