import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractReply, extractReplyFromHtml, htmlToText } from '../../src/domain/inbound/reply-text/index.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/reply-text/', import.meta.url));
const CORPUS = fileURLToPath(new URL('../fixtures/corpora/reply-trimming/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');

describe('extractReplyFromHtml: client structures', () => {
  it('Gmail: div.gmail_quote_container with gmail_attr, blockquote.gmail_quote and a gmail_signature', () => {
    const r = extractReplyFromHtml(fixture('gmail.html'));
    expect(r.reply).toBe("Hi Sam,\n\nTuesday at 10:00 works for me. I'll bring the signed contract & the invoices.\n\nCheers,\nPriya");
    expect(r.quoted).toBe(
      'On Mon, 5 Jun 2017 at 12:22, Samtal Support <support@samtal.example> wrote:\n> Hi Priya,\n>\n' +
        '> Would Tuesday at 10:00 work for the onboarding call?\n>\n> Best,\n> Sam',
    );
    expect(r.signature).toBe('Priya Raman | Operations\nAcme Widgets Ltd.');
    expect(r.replyHtml).toContain('Tuesday at 10:00 works for me');
    expect(r.replyHtml).not.toContain('gmail_quote');
    expect(r.replyHtml).not.toContain('gmail_signature');
    expect(r.replyHtml).not.toContain('onboarding call');
  });

  it('Gmail inline answers inside the quote container stay in the reply', () => {
    const r = extractReplyFromHtml(fixture('gmail-inline.html'));
    expect(r.reply).toBe(
      [
        'Hi Sam, answers inline.',
        '',
        '> 1. How many seats do you need?',
        '',
        'Twelve, maybe fifteen in autumn.',
        '',
        '> 2. Monthly or yearly billing?',
        '',
        'Yearly, please.',
      ].join('\n'),
    );
    expect(r.quoted).toBe('On Mon, 5 Jun 2017 at 12:22, Samtal Support <support@samtal.example> wrote:\n\n> Best,\n> Sam');
    expect(r.replyHtml).toContain('Yearly, please.');
    expect(r.replyHtml).not.toContain('gmail_attr');
    expect(r.replyHtml).not.toContain('<div>Sam</div>');
  });

  it('Apple Mail (iOS): blockquote type=cite, "Sent from my iPhone" as signature', () => {
    const r = extractReplyFromHtml(fixture('apple-mail.html'));
    expect(r.reply).toBe('Perfect, thank you!\n\nSee you on Thursday.');
    expect(r.signature).toBe('Sent from my iPhone');
    expect(r.quoted.startsWith('> On 5 Jun 2017, at 12:22, Samtal Support <support@samtal.example> wrote:')).toBe(true);
    expect(r.quoted).toContain('> Your appointment is confirmed for Thursday at 14:00.');
    expect(r.replyHtml).not.toContain('blockquote');
    expect(r.replyHtml).not.toContain('appointment');
  });

  it('Apple Mail interleaved answers between blockquote type=cite pieces', () => {
    const r = extractReplyFromHtml(fixture('apple-mail-interleaved.html'));
    expect(r.reply).toBe(
      [
        'Hi,',
        '',
        'see my answers below.',
        '',
        '> Which version of the app are you using?',
        '',
        'Version 4.2.1 from the App Store.',
        '',
        '> Did you try reinstalling it?',
        '',
        'Yes, twice. Same problem.',
        '',
        'Greta',
      ].join('\n'),
    );
    expect(r.quoted).toBe('> On 5 Jun 2017, at 12:22, Samtal Support <support@samtal.example> wrote:\n\n> Thanks,\n> Samtal Support');
    expect(r.replyHtml).toContain('Version 4.2.1 from the App Store.');
    expect(r.replyHtml).not.toContain('Samtal Support</div>');
  });

  it('Outlook desktop: header block div with border-top:solid #E1E1E1 1.0pt (German)', () => {
    const r = extractReplyFromHtml(fixture('outlook-desktop.html'));
    expect(r.reply).toBe('Hallo Frau Sommer,\n\ndie Unterlagen sind vollständig – vielen Dank!\n\nMit freundlichen Grüßen\nJonas Becker');
    expect(r.quoted).toBe(
      'Von: Samtal Support <support@samtal.example>\nGesendet: Montag, 5. Juni 2017 12:22\n' +
        'An: Jonas Becker <jonas.becker@example.de>\nBetreff: Fehlende Unterlagen\n\nGuten Tag Herr Becker,\n' +
        'uns fehlt noch die Kopie Ihres Ausweises.',
    );
    expect(r.signature).toBe('');
    expect(r.replyHtml).toContain('Jonas Becker');
    expect(r.replyHtml).not.toContain('Fehlende Unterlagen');
    expect(r.replyHtml).not.toContain('Ausweises');
  });

  it('Outlook (older): border-top:solid #B5C4DF 1.0pt', () => {
    const html =
      '<div class=Section1><p class=MsoNormal>OK for me.</p><p class=MsoNormal>&nbsp;</p>' +
      '<div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm">' +
      '<p class=MsoNormal><b>From:</b> Samtal Support<br><b>Sent:</b> Monday, June 05, 2017 12:22 PM<br>' +
      '<b>To:</b> Ola<br><b>Subject:</b> Meeting</p></div>' +
      '<p class=MsoNormal>&nbsp;</p><p class=MsoNormal>Does Friday work?</p></div>';
    const r = extractReplyFromHtml(html);
    expect(r.reply).toBe('OK for me.');
    expect(r.quoted).toBe('From: Samtal Support\nSent: Monday, June 05, 2017 12:22 PM\nTo: Ola\nSubject: Meeting\n\nDoes Friday work?');
    expect(r.replyHtml).toBe('<div class="Section1"><p class="MsoNormal">OK for me.</p><p class="MsoNormal">&nbsp;</p></div>');
  });

  it('Outlook on the web: #divRplyFwdMsg with the <hr> and #appendonsend before it', () => {
    const r = extractReplyFromHtml(fixture('outlook-web.html'));
    expect(r.reply).toBe('Yes, please cancel the order.\n\nThanks,\nLucas');
    expect(r.quoted).toBe(
      'From: Samtal Support <support@samtal.example>\nSent: Monday, June 5, 2017 12:22 PM\n' +
        'To: Lucas Martin <lucas.martin@example.com>\nSubject: Your order #8812\n\nHi Lucas,\n' +
        'do you still want us to ship order #8812?',
    );
    expect(r.replyHtml).toContain('Yes, please cancel the order.');
    expect(r.replyHtml).not.toContain('<hr');
    expect(r.replyHtml).not.toContain('appendonsend');
    expect(r.replyHtml).not.toContain('divRplyFwdMsg');
    expect(r.replyHtml).not.toContain('ship order');
  });

  it('Thunderbird: div.moz-cite-prefix + blockquote type=cite, div.moz-signature', () => {
    const r = extractReplyFromHtml(fixture('thunderbird.html'));
    expect(r.reply).toBe('Hello,\n\nI attached the screenshot you asked for. The error appears right after the login.');
    expect(r.quoted).toBe('On 05.06.2017 12:22, Samtal Support wrote:\n\n> Hi Marta,\n>\n> could you send us a screenshot of the error?');
    expect(r.signature).toBe('Marta Nowak\nKraków');
    expect(r.replyHtml).not.toContain('moz-cite-prefix');
    expect(r.replyHtml).not.toContain('Marta Nowak');
  });

  it('Yahoo: div.yahoo_quoted with Yahoo\'s "ydp…" class prefix', () => {
    const r = extractReplyFromHtml(fixture('yahoo.html'));
    expect(r.reply).toBe('Hi there,\n\nI never received the refund for order 5521. Can you check?\n\nLinda');
    expect(r.quoted).toBe(
      'On Monday, June 5, 2017 at 12:22:10 PM GMT+2, Samtal Support <support@samtal.example> wrote:\n\n' +
        'Hi Linda, your refund has been issued.',
    );
    expect(r.replyHtml).toContain('I never received the refund');
    expect(r.replyHtml).not.toContain('yahoo_quoted');
    expect(r.replyHtml).not.toContain('refund has been issued');
  });

  it('Outlook on the web quoting with "x_"-prefixed ids (x_divRplyFwdMsg)', () => {
    const html =
      '<div>Forwarding this to the team.</div><hr tabindex="-1" style="display:inline-block; width:98%">' +
      '<div id="x_divRplyFwdMsg" dir="ltr"><b>From:</b> Samtal Support<br>' +
      '<b>Sent:</b> Monday, June 5, 2017 12:22<br><b>Subject:</b> Invoice</div>' +
      '<div>Your invoice is attached.</div>';
    const r = extractReplyFromHtml(html);
    expect(r.reply).toBe('Forwarding this to the team.');
    expect(r.quoted).toBe('From: Samtal Support\nSent: Monday, June 5, 2017 12:22\nSubject: Invoice\nYour invoice is attached.');
    expect(r.replyHtml).toBe('<div>Forwarding this to the team.</div>');
  });

  it('a marked signature without any quote is split structurally', () => {
    const html =
      '<div dir="ltr">Please call me tomorrow.<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>' +
      '<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">Ana Silva<br>Lisboa</div></div>';
    const r = extractReplyFromHtml(html);
    expect(r.reply).toBe('Please call me tomorrow.');
    expect(r.signature).toBe('Ana Silva\nLisboa');
    expect(r.quoted).toBe('');
    expect(r.replyHtml).toContain('Please call me tomorrow.');
    expect(r.replyHtml).not.toContain('Ana Silva');
  });

  it('a "-- " signature written in the HTML reply is split by the text rules', () => {
    const html =
      '<div dir="ltr">Works now, thanks!<div><br></div>-- <br><div>Kari Nordmann<br>+47 912 34 567</div></div>' +
      '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
      'On Mon, Jun 5, 2017 at 12:22 PM Samtal Support &lt;support@samtal.example&gt; wrote:<br></div>' +
      '<blockquote class="gmail_quote">Try again now.</blockquote></div>';
    const r = extractReplyFromHtml(html);
    expect(r.reply).toBe('Works now, thanks!');
    expect(r.signature).toBe('Kari Nordmann\n+47 912 34 567');
    expect(r.quoted).toBe('On Mon, Jun 5, 2017 at 12:22 PM Samtal Support <support@samtal.example> wrote:\n> Try again now.');
  });

  it('falls back to the text rules when the HTML has no quote structure', () => {
    const html =
      '<div>Sounds good.</div><div><br></div>' +
      '<div>Le lun. 5 juin 2017 à 12:22, Samtal Support &lt;support@samtal.example&gt; a écrit :</div>' +
      '<div>&gt; Le rendez-vous est confirmé.</div>';
    const r = extractReplyFromHtml(html);
    expect(r.reply).toBe('Sounds good.');
    expect(r.quoted).toBe('Le lun. 5 juin 2017 à 12:22, Samtal Support <support@samtal.example> a écrit :\n> Le rendez-vous est confirmé.');
    expect(r.replyHtml).toBe('<p>Sounds good.</p>');
  });

  it('returns the HTML unchanged when there is nothing to cut', () => {
    const html = '<p>Just a <b>short</b> note &amp; nothing else.</p>';
    const r = extractReplyFromHtml(html);
    expect(r).toEqual({ reply: 'Just a short note & nothing else.', quoted: '', signature: '', replyHtml: html });
    expect(extractReplyFromHtml('')).toEqual({ reply: '', quoted: '', signature: '', replyHtml: '' });
  });
});

describe('htmlToText', () => {
  it('turns blocks into lines, <br> into newlines, decodes entities and drops markup', () => {
    const html =
      '<html><head><title>x</title><style>p{color:red}</style></head><body>' +
      '<h1>Title</h1><p>First &amp; <b>bold</b>&nbsp;text&hellip;</p><p>Second<br>line</p>' +
      '<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>' +
      '<pre>  code\n    indented</pre><div style="display:none">hidden preheader</div>' +
      '<script>alert(1)</script><table><tr><td>cell 1</td><td>cell 2</td></tr></table>' +
      '<blockquote>quoted<br>two</blockquote><div>&#x5E9;&#x5DC;&#x5D5;&#x5DD; &lt;ok&gt;</div></body></html>';
    expect(htmlToText(html)).toBe(
      [
        'Title',
        '',
        'First & bold text…',
        '',
        'Second',
        'line',
        '',
        '- one',
        '- two',
        '',
        '1. a',
        '2. b',
        '',
        '  code',
        '    indented',
        '',
        'cell 1 cell 2',
        '',
        '> quoted',
        '> two',
        'שלום <ok>',
      ].join('\n'),
    );
  });
});

describe('extractReply', () => {
  const text = 'Plain part reply.\n\nOn Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n> old\n';

  it('uses the HTML structure when the HTML part has a quote marker', () => {
    const r = extractReply({ text, html: fixture('gmail.html') });
    expect(r.reply.startsWith('Hi Sam,')).toBe(true);
    expect(r.signature).toBe('Priya Raman | Operations\nAcme Widgets Ltd.');
    expect(r.quoted).toContain('> Would Tuesday at 10:00 work for the onboarding call?');
    expect(Object.keys(r).sort()).toEqual(['quoted', 'reply', 'signature']);
  });

  it('uses the text part when the HTML has no quote marker', () => {
    const r = extractReply({ text, html: '<div>HTML part reply.</div><div>On Mon wrote: something</div>' });
    expect(r).toEqual({
      reply: 'Plain part reply.',
      quoted: 'On Mon, Jun 5, 2017 at 12:22 PM, Samtal Support <support@samtal.example> wrote:\n> old',
      signature: '',
    });
  });

  it('falls back to the text part when the HTML structure leaves no new text', () => {
    const html = '<blockquote type="cite"><div>Everything in a quote.</div></blockquote>';
    expect(extractReply({ html }).reply).toBe('');
    const r = extractReply({ text: 'Real answer.\n\n> Everything in a quote.\n', html });
    expect(r).toEqual({ reply: 'Real answer.', quoted: '> Everything in a quote.', signature: '' });
  });

  it('renders HTML-only messages through the text rules', () => {
    const r = extractReply({ text: null, html: '<p>Thanks!</p><p>Sent from my iPhone</p>' });
    expect(r).toEqual({ reply: 'Thanks!', quoted: '', signature: 'Sent from my iPhone' });
  });
});

describe('reply-trimming corpus rendered as HTML (no quote structure: text-rule fallback)', () => {
  it('finds the same new text for the corpus emails wrapped in Gmail-like <div> lines', () => {
    expect(existsSync(`${CORPUS}emails`), `corpus not found at ${CORPUS}`).toBe(true);
    const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    // HTML rendering collapses runs of blank lines and spaces: compare modulo those
    const loose = (s: string): string =>
      s
        .replace(/\r\n/g, '\n')
        .replace(/[ \t]+/g, ' ')
        .replace(/ ?\n ?/g, '\n')
        .replace(/\n{2,}/g, '\n\n')
        .trim();
    const names = readdirSync(`${CORPUS}emails`).filter((f) => f.endsWith('.txt'));
    let ok = 0;
    for (const name of names) {
      const input = readFileSync(`${CORPUS}emails/${name}`, 'utf8').replace(/\r\n/g, '\n');
      const html =
        '<div dir="ltr">' +
        input
          .split('\n')
          .map((l) => (l.trim() === '' ? '<div><br></div>' : `<div>${esc(l)}</div>`))
          .join('') +
        '</div>';
      const expected = readFileSync(`${CORPUS}trimmed/${name}`, 'utf8');
      if (loose(extractReplyFromHtml(html).reply) === loose(expected)) ok++;
    }
    console.log(`reply-text corpus as HTML: ${ok}/${names.length}`);
    expect(ok).toBeGreaterThanOrEqual(60);
  });
});
