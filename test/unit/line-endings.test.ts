import { describe, expect, it } from 'vitest';
import { hasBareCrLineEndings, normalizeLineEndings } from '../../src/domain/inbound/line-endings.ts';
import { readRawHeader, readRawMessageId, skipMboxFromLine } from '../../src/domain/inbound/raw-headers.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (raw: Uint8Array): string => new TextDecoder().decode(raw);

describe('normalizeLineEndings', () => {
  it('rewrites bare-CR mail to CRLF', () => {
    const raw = bytes('Subject: Hej\rFrom: a@example.se\r\rRad 1\rRad 2\r');
    expect(hasBareCrLineEndings(raw)).toBe(true);
    expect(text(normalizeLineEndings(raw))).toBe('Subject: Hej\r\nFrom: a@example.se\r\n\r\nRad 1\r\nRad 2\r\n');
  });

  it('leaves CRLF and LF mail as it is (the same array), stray CRs in it included', () => {
    for (const raw of [bytes('Subject: a\r\n\r\nx\ry\r\n'), bytes('Subject: a\n\nx\ry\n'), bytes('no line break at all')]) {
      expect(hasBareCrLineEndings(raw)).toBe(false);
      expect(normalizeLineEndings(raw)).toBe(raw);
    }
  });

  it('keeps CRLF pairs that a bare-CR message happens to contain', () => {
    expect(text(normalizeLineEndings(bytes('A: 1\rB: 2\r\n\rbody')))).toBe('A: 1\r\nB: 2\r\n\r\nbody');
  });
});

describe('raw headers of unusual files', () => {
  it('reads the Message-ID of bare-CR mail', () => {
    expect(readRawMessageId(bytes('Subject: x\rMessage-ID: <abc@example.se>\r\rbody\rMessage-ID: <not@this>\r'))).toBe('abc@example.se');
  });

  it('skips an mbox "From " line, and only that', () => {
    const raw = bytes('From MAILER-DAEMON  Fri Feb 13 02:45:46 2015\nReturn-Path: <>\nSubject: x\n\nbody');
    expect(text(skipMboxFromLine(raw))).toBe('Return-Path: <>\nSubject: x\n\nbody');
    expect(readRawHeader(raw, 'subject')).toBe('x');
    const plain = bytes('From: a@example.se\n\nbody');
    expect(skipMboxFromLine(plain)).toBe(plain);
    const prose = bytes('From the desk of Ana: thanks!');
    expect(skipMboxFromLine(prose)).toBe(prose);
  });
});
