// Focused, hand-written cases for the reply-text rule kinds (one describe per kind).
import { describe, expect, it } from 'vitest';
import { extractReplyFromText } from '../../src/domain/inbound/reply-text/index.ts';

describe('quote headers and separators in more languages', () => {
  // The history below the header is not ">"-quoted: only a recognised header can cut it.
  it.each([
    ['Italian "In data"', 'In data 5 giugno 2017 12:22:31 "Samtal Support" <support@samtal.example> ha scritto:'],
    ['Catalan "ha escrit"', 'El 05/06/2017 12:22, Samtal Support <support@samtal.example> ha escrit:'],
    ['Catalan "va escriure"', 'El dl., 5 de juny 2017 a les 12:22, Samtal Support (<support@samtal.example>) va escriure:'],
    ['Vietnamese', 'Vào 12:22 5 tháng 6, 2017, Samtal Support <support@samtal.example> đã viết:'],
    ['Hungarian (Thunderbird)', '2017.06.05. 12:22 keltezéssel, "Samtal Support" írta:'],
    ['Hungarian (Gmail)', 'Samtal Support <support@samtal.example> ezt írta (időpont: 2017. jún. 5., H, 12:22):'],
    ['Korean (Apple Mail)', '2017. 6. 5. 오후 12:22 Samtal Support <support@samtal.example> 작성:'],
    ['Ukrainian', '5 червня 2017 р. о 12:22 Samtal Support <support@samtal.example> написав:'],
    ['English "sent:"', 'On 05-Jun-2017, at 12:22 PM, Samtal Support <support@samtal.example> sent:'],
    ['German address + "schrieb:"', 'Samtal Support <support@samtal.example> schrieb:'],
    ['Swedish address + "skrev:"', 'Samtal Support <support@samtal.example> skrev:'],
    ['Android "---- X wrote ----"', '---- Samtal Support wrote ----'],
    ['Android, German', '---- Samtal Support schrieb ----'],
    ['German "Antwort Nachricht"', '-----Antwort Nachricht-----'],
    ['Danish "Oprindelig besked"', '-------- Oprindelig besked --------'],
    ['Hungarian "Eredeti üzenet"', '-------- Eredeti üzenet --------'],
    ['QQ Mail with &nbsp; in its text part', '------------------&nbsp;原始邮件&nbsp;------------------'],
  ])('%s', (_, header) => {
    const r = extractReplyFromText(`Thanks, that works.\n\n${header}\n\nYour order has shipped.\nBest regards\n`);
    expect(r.reply).toBe('Thanks, that works.');
    expect(r.quoted).toBe(`${header}\n\nYour order has shipped.\nBest regards`);
  });

  it.each([
    'Marco ha scritto:',
    'A 2. pontban ezt írta:',
    'On Monday we sent:',
    'El cliente ha escrit:',
    'The list we got ---- Anna wrote ---- was long.',
  ])('leaves the everyday line %j in the reply', (line) => {
    const text = `Hello,\n${line}\nplease check the list below.\n\nKim`;
    expect(extractReplyFromText(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });
});

describe('delimiter lines', () => {
  it('keeps a "----" rule under a table heading in the reply', () => {
    const text = [
      'Service      Expires',
      '------------------------',
      'Hosting      Jun 27, 2018',
      'Domain       Jul 01, 2018',
      '',
      'Please renew before then.',
    ].join('\n');
    expect(extractReplyFromText(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it('keeps a sign-off below an em-dash line in the reply', () => {
    const text = 'Great news!\n\n—\nJane Doe\nCEO at Example';
    expect(extractReplyFromText(text).reply).toBe(text);
  });

  it('still splits a "-- " signature and an underscore rule signature', () => {
    expect(extractReplyFromText('Done.\n\n-- \nJane Doe\nExample Ltd')).toEqual({
      reply: 'Done.',
      quoted: '',
      signature: 'Jane Doe\nExample Ltd',
    });
    expect(extractReplyFromText('Done.\n\n______\nJane Doe').signature).toBe('Jane Doe');
  });

  it('still cuts at a "---" rule with a title line above a quote header (a notification with history)', () => {
    const r = extractReplyFromText(
      'Count me in.\n\n---\n*Previous Replies*\n\nWho joins on Friday?\n\nPosted by anna on 06/05/2017\n\n' +
        '---\n[Visit the Topic](https://samtal.example/t/1) to respond',
    );
    expect(r.reply).toBe('Count me in.');
  });

  it('still cuts at a "====" rule above a header block it does not know', () => {
    const r = extractReplyFromText(
      'Yes, confirmed.\n\n========\n\nMessage du : 05/06/2017 12:22\nSujet : Commande\n\nBonjour,\nvotre commande.',
    );
    expect(r.reply).toBe('Yes, confirmed.');
  });
});

describe('mobile footers', () => {
  it('keeps a sentence that starts like a footer ("Sent from my desk, …")', () => {
    const text = 'Here is another email\n\nSent from my desk, is much easier then my mobile phone.';
    expect(extractReplyFromText(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it('keeps the usual apology as part of the footer', () => {
    const r = extractReplyFromText('On my way.\n\nSent from my phone, please excuse any typos.');
    expect(r).toEqual({ reply: 'On my way.', quoted: '', signature: 'Sent from my phone, please excuse any typos.' });
  });

  it('treats the unquoted text below a footer as the earlier message', () => {
    const r = extractReplyFromText('See you at 10.\n\nSent from my Wiko RIDGE FAB 4G\n\nHi Anna,\nshall we meet on Monday?\n');
    expect(r.reply).toBe('See you at 10.');
    expect(r.signature).toBe('Sent from my Wiko RIDGE FAB 4G');
    expect(r.quoted).toBe('Hi Anna,\nshall we meet on Monday?');
  });

  it('keeps a footer-like line that the text goes on from without a blank line', () => {
    const text = 'Two options here.\nFrom my phone\nthe second looks better, the first is cheaper.\n\nKim';
    expect(extractReplyFromText(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it('reads a footer glued to a quote header as the header', () => {
    const r = extractReplyFromText('Test reply\n\nSent from Samsung MobileSamtal Support <support@samtal.example> wrote:\n\n> Test\n');
    expect(r.reply).toBe('Test reply');
    expect(r.quoted).toBe('Sent from Samsung MobileSamtal Support <support@samtal.example> wrote:\n\n> Test');
  });
});

describe('a quote header on the line of the reply', () => {
  const header = 'On Mon, Jun 5, 2017 at 12:22 PM, support@samtal.example wrote:';
  const french = 'Le 5 juin 2017 à 12:22, Samtal Support <support@samtal.example> a écrit :';
  it.each([
    ['after a blank', `Sounds good ${header}`, header],
    ['after dashes', `Sounds good--- ${header}`, `--- ${header}`],
    ['French', `Sounds good ${french}`, french],
  ])('%s', (_, line, quoteHeader) => {
    const r = extractReplyFromText(`Thanks.\n${line}\n> Shall we meet at 10?\n`);
    expect(r.reply).toBe('Thanks.\nSounds good');
    expect(r.quoted).toBe(`${quoteHeader}\n> Shall we meet at 10?`);
  });

  it('does not split a sentence that merely goes on with "on … wrote:" (lower case, no time or address)', () => {
    const text = 'We talked about what he said on Monday, 5 June, when Anna wrote:\n> the quote\n\nThat is all.';
    expect(extractReplyFromText(text).reply).toContain('We talked about what he said on Monday, 5 June, when Anna wrote:');
  });
});

describe('email header lines and blocks', () => {
  it('keeps a lone "Date:" line of the new text (an invitation)', () => {
    const text =
      'Invitation for an interview:\n\nDate: Wednesday 3, October 2011\nTime: 7:00am\nAddress: 130 Fox St\n\nPlease bring your ID.';
    expect(extractReplyFromText(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it('cuts at a sender-and-date block of two lines, with everything below it', () => {
    const r = extractReplyFromText(
      '8.45am-1pm works.\n\nFrom: support@samtal.example\nDate: Mon, 5 Jun 2017 12:22:02 +0200\n\n' +
        '<http://samtal.example/t/abc\n>  <x@samtal.example>\n\nRequester: Anna\n',
    );
    expect(r.reply).toBe('8.45am-1pm works.');
    expect(r.quoted.startsWith('From: support@samtal.example\nDate: Mon, 5 Jun 2017')).toBe(true);
    expect(r.quoted.endsWith('Requester: Anna')).toBe(true);
  });

  it('keeps "From:" and "Date:" lines without a sender address (an itinerary)', () => {
    const text = 'Booked it:\n\nFrom: Stockholm\nDate: Monday 5 June 2017\n\nSee you there.';
    expect(extractReplyFromText(text).reply).toBe(text);
  });

  it('cuts at a header block rendered on one line ("From: X Date: …")', () => {
    const r = extractReplyFromText('Reply\n\nFrom: support@samtal.example Date: Mon, 5 Jun 2017 12:22:02 +0200\nQuoted message\n');
    expect(r.reply).toBe('Reply');
    expect(r.quoted).toBe('From: support@samtal.example Date: Mon, 5 Jun 2017 12:22:02 +0200\nQuoted message');
  });

  it('cuts a header block that ends the text and wraps its "From:" line', () => {
    const r = extractReplyFromText(
      'Hi\n\n  *From:* support@samtal.example [mailto:\n  support@samtal.example]\n' +
        '  *Sent:* Monday, June 5, 2017 12:22 PM\n  *To:* anna@example.com\n  *Subject:* Hello',
    );
    expect(r.reply).toBe('Hi');
    expect(r.quoted.startsWith('  *From:* support@samtal.example [mailto:')).toBe(true);
  });
});

describe('quoted lines wrapped without their ">"', () => {
  it('takes the rest of a full quoted line as quote', () => {
    const r = extractReplyFromText(
      'Fine by me.\n\nOn Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n' +
        '> Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nullam pharetra d\nignissim odio?\n>\n> Best\n',
    );
    expect(r.reply).toBe('Fine by me.');
    expect(r.quoted).toContain('ignissim odio?');
  });

  it('takes the rest of a link broken inside the quote, and a line that is only a link, as quote', () => {
    const header = 'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:';
    const open = extractReplyFromText(`Blah\n\n${header}\n\n> View ticket (http://samtal.example/action\n_nonce=3dd518)\n>\n`);
    expect(open.reply).toBe('Blah');
    const only = extractReplyFromText(`Blah\n\n${header}\n\n> Reply to this email\n>\n (http://samtal.example/c/YzOTYz) >\n> Samtal\n`);
    expect(only.reply).toBe('Blah');
  });

  it('keeps a short inline answer between quote lines', () => {
    const text = '> Which plan are you on?\nThe Team plan.\n> Does it happen on mobile?\nYes, on Android.';
    expect(extractReplyFromText(text).reply).toBe(text);
  });
});

describe('a sign-off below the quote', () => {
  const header = 'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:';
  const signOffs = ['Regards, Roman', 'Mit freundlichen Grüßen\nJonas Becker', 'Thanks!'];
  it.each(signOffs)('keeps %j in the reply, not the quote above it', (signOff) => {
    const r = extractReplyFromText(`Test reply\n\n${header}\n\n>\n> Test\n\n${signOff}`);
    expect(r.reply).toBe(`Test reply\n\n${signOff}`);
    expect(r.quoted).toBe(`${header}\n\n>\n> Test`);
  });

  it("still cuts other short text below the quote (the quoted sender's signature)", () => {
    const r = extractReplyFromText(`Test reply\n\n${header}\n\n> Test\n\nSamtal Support\nsupport@samtal.example`);
    expect(r.reply).toBe('Test reply');
  });
});
