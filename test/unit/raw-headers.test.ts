import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/domain/encoding.ts';
import { readRawHeader, readRawHeaders, readRawMessageId, skipMboxFromLine } from '../../src/domain/inbound/raw-headers.ts';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('readRawHeader', () => {
  const raw = utf8('From: a@example.com\r\nMessage-ID:\r\n <abc.123@mail.example>\r\nSubject: Hi\r\n\r\nMessage-ID: <body@x>\r\n');

  it('reads a folded header from the header block only', () => {
    expect(readRawMessageId(raw)).toBe('abc.123@mail.example');
    expect(readRawHeader(raw, 'subject')).toBe('Hi');
  });

  it('matches the name case-insensitively and takes the first occurrence', () => {
    const twice = utf8('SUBJECT: first\nsubject: second\n\nbody');
    expect(readRawHeader(twice, 'Subject')).toBe('first');
  });

  it('does not take a header whose name only starts with the asked one', () => {
    expect(readRawHeader(utf8('Subject-Extra: no\nSubject: yes\n\n'), 'subject')).toBe('yes');
  });

  it('unfolds continuation lines with tabs and spaces into one value', () => {
    expect(readRawHeader(utf8('Subject: one\n\ttwo\n   three\n\n'), 'subject')).toBe('one two three');
  });

  it('reads headers of a message without a body', () => {
    expect(readRawHeader(utf8('Subject: only headers'), 'subject')).toBe('only headers');
  });

  it('keeps 8-bit bytes as they are (latin1), whatever the charset', () => {
    expect(readRawHeader(latin1('Subject: R\u00e4kna\n\n'), 'subject')).toBe('R\u00e4kna');
  });

  it('reads several headers in one pass, each as readRawHeader reads it alone', () => {
    const mail = utf8('From: a@example.com\r\nTo: b@example.com,\r\n c@example.com\r\nSubject: Hi\r\n\r\nCc: in-body@x\r\n');
    const names = ['from', 'to', 'cc', 'subject'] as const;
    expect(readRawHeaders(mail, names)).toEqual({ from: 'a@example.com', to: 'b@example.com, c@example.com', cc: null, subject: 'Hi' });
    for (const name of names) expect(readRawHeaders(mail, names)[name]).toBe(readRawHeader(mail, name));
  });

  it.each([
    ['CRLF', 'Subject: a\r\n\r\nSubject: b\r\n'],
    ['LF', 'Subject: a\n\nSubject: b\n'],
    ['LF then CRLF', 'Subject: a\n\r\nSubject: b\r\n'],
    ['CRLF then LF', 'Subject: a\r\n\nSubject: b\n'],
    ['bare CR', 'Subject: a\r\rSubject: b\r'],
  ])('ends the header block at the first empty line (%s)', (_endings, mail) => {
    expect(readRawHeader(utf8(mail), 'subject')).toBe('a');
    expect(readRawHeaders(utf8(mail), ['subject', 'from'])).toEqual({ subject: 'a', from: null });
  });

  it('returns null for a header that is absent', () => {
    expect(readRawHeader(utf8('Subject: x\n\nFrom: in-body@x\n'), 'from')).toBeNull();
  });
});

describe('readRawMessageId', () => {
  it('returns null when there is no Message-ID in the headers', () => {
    expect(readRawMessageId(utf8('Subject: x\n\nMessage-ID: <in-body@x>\n'))).toBeNull();
  });

  it('returns null for an empty Message-ID', () => {
    expect(readRawMessageId(utf8('Message-ID:   \nSubject: x\n\n'))).toBeNull();
  });

  it('takes the bracketed id, ignoring comments around it', () => {
    expect(readRawMessageId(utf8('Message-ID: (generated) <id@x> (by us)\n\n'))).toBe('id@x');
  });

  it('takes the first word of an id written without brackets', () => {
    expect(readRawMessageId(utf8('Message-ID: bare@x trailing\n\n'))).toBe('bare@x');
  });
});

describe('skipMboxFromLine', () => {
  it('drops the mbox "From " line before the headers', () => {
    const raw = utf8('From sender@example.com Mon Jun  5 12:22:00 2017\nSubject: x\n\nbody');
    expect(new TextDecoder().decode(skipMboxFromLine(raw))).toBe('Subject: x\n\nbody');
  });

  it('keeps a message whose first line is a "From:" header', () => {
    const raw = utf8('From: a@example.com\nSubject: x\n\n');
    expect(skipMboxFromLine(raw)).toBe(raw);
  });

  it('keeps a body that starts with the word From and is followed by prose', () => {
    const raw = utf8('From the desk of Ana\nwith regards\n');
    expect(skipMboxFromLine(raw)).toBe(raw);
  });
});
