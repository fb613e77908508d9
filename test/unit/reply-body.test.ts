import { describe, expect, it } from 'vitest';
import { replyBody } from '../../src/domain/inbox/reply-body.ts';
import { replyFilesProblem, safeContentType, safeFilename } from '../../src/domain/outbound/reply-attachments.ts';

describe('replyBody', () => {
  it('appends the signature after "-- " to text and HTML, and keeps the reply apart', () => {
    const body = replyBody('Hej!\r\n\r\nPaketet <b> går.', 'Ana\nAcme');
    expect(body.text).toBe('Hej!\n\nPaketet <b> går.\n\n-- \nAna\nAcme');
    expect(body.html).toContain('<p>Hej!</p>\n<p>Paketet &lt;b&gt; går.</p>');
    expect(body.html).toContain('-- <br>Ana<br>Acme</div>');
    expect(body.replyText).toBe('Hej!\n\nPaketet <b> går.');
    expect(body.signature).toBe('Ana\nAcme');
  });

  it('adds nothing for no or a blank signature', () => {
    expect(replyBody('Hej', null)).toMatchObject({ text: 'Hej', signature: null });
    expect(replyBody('Hej', '  \n ')).toMatchObject({ text: 'Hej', signature: null });
    expect(replyBody('Hej', null).html).not.toContain('signature');
  });
});

describe('reply attachments', () => {
  it('allows up to 10 MiB and 10 files, and says by how much a set is over', () => {
    const file = (size: number) => ({ filename: 'f', contentType: 'x/y', size });
    expect(replyFilesProblem([file(10 * 1024 * 1024)])).toBeNull();
    expect(replyFilesProblem([file(10 * 1024 * 1024), file(1)])?.message).toContain('at most 10.0 MiB');
    expect(replyFilesProblem(Array.from({ length: 11 }, () => file(1)))?.message).toContain('at most 10 files');
  });

  it('makes names and types safe for headers and disks', () => {
    expect(safeFilename('C:\\Users\\ana\\kvitto.pdf')).toBe('kvitto.pdf');
    expect(safeFilename('../../etc/"pass\nwd"')).toBe('passwd');
    expect(safeFilename('')).toBe('attachment');
    expect([...safeFilename(`${'a'.repeat(300)}.pdf`)].length).toBe(150);
    expect(safeFilename(`${'a'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true);
    expect(safeContentType('Application/PDF')).toBe('application/pdf');
    expect(safeContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(safeContentType('')).toBe('application/octet-stream');
  });
});
