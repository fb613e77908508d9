// Raw RFC 5322 messages as they reach Samtal: a typical customer reply (about 10 KB,
// multipart/alternative, text and HTML, with the quoted earlier message and the headers a big
// mail provider adds) and a large message (20 MiB with attachments).
import { Buffer } from 'node:buffer';
import { CORPUS, type Lang } from './corpus.ts';
import type { Rng } from './random.ts';

const CRLF = '\r\n';

export interface ReplyTarget {
  lang: Lang;
  fromName: string;
  fromEmail: string;
  /** reply+TOKEN@domain, or the plain support address when the client dropped Reply-To. */
  to: string;
  subject: string;
  /** Message-ID (without <>) of our message being answered, if any. */
  inReplyTo: string | null;
  /** Our earlier text, quoted below the reply. */
  quotedText: string;
  date: number;
}

/** RFC 2047 encoded-word for a header value with non-ASCII characters. */
export function encodeWord(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** Quoted-printable (RFC 2045) for UTF-8 text, soft line breaks at 76 characters. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.replace(/\r?\n/g, '\n').split('\n')) {
    let encoded = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      encoded +=
        (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (encoded.endsWith(' ')) encoded = `${encoded.slice(0, -1)}=20`;
    let rest = encoded;
    while (rest.length > 76) {
      let cut = 75;
      // never split an =XX escape
      const eq = rest.lastIndexOf('=', cut);
      if (eq > cut - 3) cut = eq;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join(CRLF);
}

/** Base64 in 76-character lines. */
export function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function rfc2822Date(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function hexId(rng: Rng, n: number): string {
  return Array.from(rng.bytes(n), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The Received/DKIM/ARC/authentication headers a large provider adds: about 3 KB. */
function transportHeaders(rng: Rng, fromDomain: string, date: number): string[] {
  const when = rfc2822Date(date);
  const sig = () => base64Lines(rng.bytes(192)).split(CRLF).join(`${CRLF}\t`);
  return [
    `Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41])${CRLF}` +
      `\tby mx.cloudflare.net with ESMTPS id ${hexId(rng, 8)}${CRLF}\tfor <support@acme.example>; ${when}`,
    `Received: by mail-sor-f41.google.com with SMTP id ${hexId(rng, 10)}${CRLF}\tfor <support@acme.example>; ${when}`,
    `ARC-Seal: i=1; a=rsa-sha256; t=${Math.floor(date / 1000)}; cv=none; d=google.com; s=arc-20240605;${CRLF}\tb=${sig()}`,
    `ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com; s=arc-20240605;${CRLF}` +
      `\th=to:subject:message-id:date:from:in-reply-to:references:mime-version;${CRLF}` +
      `\tbh=${Buffer.from(rng.bytes(32)).toString('base64')};${CRLF}\tb=${sig()}`,
    `ARC-Authentication-Results: i=1; mx.google.com; dkim=pass header.i=@${fromDomain}; spf=pass smtp.mailfrom=${fromDomain}; ` +
      `dmarc=pass (p=NONE) header.from=${fromDomain}`,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${fromDomain}; s=20230601; t=${Math.floor(date / 1000)};${CRLF}` +
      `\th=to:subject:message-id:date:from:in-reply-to:references:mime-version:from:to:cc:subject:date:message-id:reply-to;${CRLF}` +
      `\tbh=${Buffer.from(rng.bytes(32)).toString('base64')};${CRLF}\tb=${sig()}`,
    `X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=1e100.net; s=20230601; t=${Math.floor(date / 1000)};${CRLF}` +
      `\tbh=${Buffer.from(rng.bytes(32)).toString('base64')};${CRLF}\tb=${sig()}`,
    `X-Gm-Message-State: AOJu0Y${Buffer.from(rng.bytes(60)).toString('base64')}`,
    `X-Google-Smtp-Source: AGHT+IF${Buffer.from(rng.bytes(48)).toString('base64')}`,
    `X-Received: by 2002:a05:6402:${hexId(rng, 2)} with SMTP id ${hexId(rng, 10)}; ${when}`,
    `Authentication-Results: mx.cloudflare.net; dkim=pass header.d=${fromDomain}; spf=pass smtp.mailfrom=${fromDomain}; ` +
      `arc=none; dmarc=pass header.from=${fromDomain}`,
  ];
}

export interface BuiltReply {
  raw: Uint8Array<ArrayBuffer>;
  messageId: string;
}

function toBytes(text: string): Uint8Array<ArrayBuffer> {
  const buf = Buffer.from(text, 'utf8');
  const out = new Uint8Array(new ArrayBuffer(buf.byteLength));
  out.set(buf);
  return out;
}

/** The customer's new text: greeting, 2–4 sentences, closing. */
export function customerReplyText(rng: Rng, lang: Lang, name: string, orderNo: string): string {
  const c = CORPUS[lang];
  const sentences: string[] = [];
  const count = 2 + rng.int(3);
  for (let i = 0; i < count; i++) sentences.push(rng.pick(c.customer).replace('{order}', orderNo));
  return `${rng.pick(c.greetings)}\n\n${sentences.join(' ')}\n\n${rng.pick(c.closings).replace('{name}', name)}`;
}

/**
 * A Gmail-style reply: multipart/alternative, text/plain with "> " quotes and text/html with a
 * gmail_quote blockquote, both quoting our earlier message (and its history), padded with more
 * quoted history until the whole message is about `targetBytes`.
 */
export function buildTypicalReply(rng: Rng, target: ReplyTarget, orderNo: string, targetBytes = 10 * 1024): BuiltReply {
  const c = CORPUS[target.lang];
  const fromDomain = target.fromEmail.split('@')[1] ?? 'example.com';
  const messageId = `CA${hexId(rng, 12)}+${hexId(rng, 6)}@mail.gmail.com`;
  const reply = customerReplyText(rng, target.lang, target.fromName.split(' ')[0] ?? target.fromName, orderNo);
  const quoteHeader = c.quoteHeader
    .replace('{date}', new Date(target.date - 3_600_000).toISOString().slice(0, 16).replace('T', ' '))
    .replace('{from}', 'Acme Support <support@acme.example>');
  const boundary = `000000000000${hexId(rng, 10)}`;
  const useBase64 = target.lang === 'he' || target.lang === 'zh';
  const headers = [
    ...transportHeaders(rng, fromDomain, target.date),
    'MIME-Version: 1.0',
    `From: ${encodeWord(target.fromName)} <${target.fromEmail}>`,
    `Date: ${rfc2822Date(target.date)}`,
    `Message-ID: <${messageId}>`,
    ...(target.inReplyTo ? [`In-Reply-To: <${target.inReplyTo}>`, `References: <${target.inReplyTo}>`] : []),
    `Subject: ${encodeWord(target.subject)}`,
    `To: Acme Support <${target.to}>`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const headerBytes = Buffer.byteLength(headers.join(CRLF), 'utf8');

  // Quoted history: our message, then older turns, until the size is reached.
  const history: string[] = [target.quotedText];
  const part = (text: string, html: string) => {
    const encode = (s: string) => (useBase64 ? base64Lines(Buffer.from(s, 'utf8')) : quotedPrintable(s));
    const cte = useBase64 ? 'base64' : 'quoted-printable';
    return [
      `--${boundary}`,
      `Content-Type: text/plain; charset="UTF-8"`,
      `Content-Transfer-Encoding: ${cte}`,
      '',
      encode(text),
      `--${boundary}`,
      `Content-Type: text/html; charset="UTF-8"`,
      `Content-Transfer-Encoding: ${cte}`,
      '',
      encode(html),
      `--${boundary}--`,
      '',
    ].join(CRLF);
  };
  const render = () => {
    const quoted = history.join('\n\n');
    const text = `${reply}\n\n${quoteHeader}\n${quoted
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n')}\n`;
    const html =
      `<div dir="auto">${escapeHtml(reply).replace(/\n/g, '<br>')}</div><br>` +
      `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">${escapeHtml(quoteHeader)}<br></div>` +
      `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` +
      `<div dir="auto">${history.map((h) => escapeHtml(h).replace(/\n/g, '<br>')).join('<br><br>')}</div></blockquote></div>\n`;
    return part(text, html);
  };
  let body = render();
  while (headerBytes + 4 + Buffer.byteLength(body, 'utf8') < targetBytes - 600) {
    history.push(
      `${rng.pick(c.agent).replace('{order}', orderNo)} ${rng.pick(c.agent).replace('{order}', orderNo)}\n\n` +
        rng.pick(c.customer).replace('{order}', orderNo),
    );
    body = render();
  }
  return { raw: toBytes(`${headers.join(CRLF)}${CRLF}${CRLF}${body}`), messageId };
}

/**
 * A large message: a short reply (text + HTML) with photos and a scanned PDF attached, base64
 * encoded, sized to `totalBytes` (20 MiB). Every attachment is under the 10 MiB per-file limit
 * and all together under 20 MiB decoded, so all of them are kept (the worst case for memory).
 */
export function buildLargeMessage(rng: Rng, target: ReplyTarget, totalBytes = 20 * 1024 * 1024): BuiltReply {
  const fromDomain = target.fromEmail.split('@')[1] ?? 'example.com';
  const messageId = `CA${hexId(rng, 12)}+large@mail.gmail.com`;
  const outer = `000000000000${hexId(rng, 10)}`;
  const inner = `000000000000${hexId(rng, 10)}`;
  const reply = customerReplyText(rng, target.lang, target.fromName.split(' ')[0] ?? target.fromName, 'SE-10001');
  const head = [
    ...transportHeaders(rng, fromDomain, target.date),
    'MIME-Version: 1.0',
    `From: ${encodeWord(target.fromName)} <${target.fromEmail}>`,
    `Date: ${rfc2822Date(target.date)}`,
    `Message-ID: <${messageId}>`,
    ...(target.inReplyTo ? [`In-Reply-To: <${target.inReplyTo}>`, `References: <${target.inReplyTo}>`] : []),
    `Subject: ${encodeWord(target.subject)}`,
    `To: Acme Support <${target.to}>`,
    `Content-Type: multipart/mixed; boundary="${outer}"`,
    '',
    `--${outer}`,
    `Content-Type: multipart/alternative; boundary="${inner}"`,
    '',
    `--${inner}`,
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(
      `${reply}\n\n${target.quotedText
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}`,
    ),
    `--${inner}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(`<div dir="auto">${escapeHtml(reply).replace(/\n/g, '<br>')}</div>`),
    `--${inner}--`,
    '',
  ].join(CRLF);
  const files = [
    { name: 'kvitto-skannat.pdf', type: 'application/pdf', share: 0.4 },
    { name: 'IMG_4821.jpg', type: 'image/jpeg', share: 0.3 },
    { name: 'IMG_4822.jpg', type: 'image/jpeg', share: 0.3 },
  ];
  const partHead = (f: (typeof files)[number]) =>
    [
      `--${outer}`,
      `Content-Type: ${f.type}; name="${f.name}"`,
      `Content-Disposition: attachment; filename="${f.name}"`,
      'Content-Transfer-Encoding: base64',
      `X-Attachment-Id: f_${hexId(rng, 4)}`,
      '',
      '',
    ].join(CRLF);
  const heads = files.map(partHead);
  const tail = `${CRLF}--${outer}--${CRLF}`;
  const fixed =
    Buffer.byteLength(head, 'utf8') +
    CRLF.length +
    heads.reduce((s, h) => s + h.length, 0) +
    tail.length +
    CRLF.length * (files.length - 1);
  // Encoded size of n bytes: 4*ceil(n/3) base64 characters plus CRLF between 76-character lines.
  const encodedSize = (n: number) => {
    const chars = 4 * Math.ceil(n / 3);
    return chars + 2 * Math.max(0, Math.ceil(chars / 76) - 1);
  };
  const budget = totalBytes - fixed;
  const sizes = files.map((f) => Math.floor((budget * f.share) / 1.3685 / 3) * 3);
  // Grow the last file until the total reaches the budget exactly (or just under it).
  const used = () => sizes.reduce((s, n) => s + encodedSize(n), 0);
  while (used() + encodedSize(3) - encodedSize(0) <= budget && used() < budget) sizes[sizes.length - 1]! += 3;
  while (used() > budget) sizes[sizes.length - 1]! -= 1;
  const chunks: string[] = [head, CRLF];
  files.forEach((_file, i) => {
    chunks.push(heads[i]!, base64Lines(rng.bytes(sizes[i]!)));
    if (i < files.length - 1) chunks.push(CRLF);
  });
  chunks.push(tail);
  return { raw: toBytes(chunks.join('')), messageId };
}
