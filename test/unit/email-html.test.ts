import { describe, expect, it } from 'vitest';
import { type SanitizeOptions, sanitizeEmailHtml } from '../../src/domain/inbox/email-html.ts';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const blockRemote: SanitizeOptions = { allowRemoteImages: false, inlineImage: (id) => (id === 'logo@mail' ? PNG : null) };
const allowRemote: SanitizeOptions = { ...blockRemote, allowRemoteImages: true };
const clean = (html: string, options = blockRemote) => sanitizeEmailHtml(html, options).html;

describe('sanitizeEmailHtml: scripts and active content', () => {
  it.each([
    ['a script element', '<p>Hi</p><script>alert(1)</script>'],
    ['an event handler', '<p onclick="alert(1)">Hi</p>'],
    ['an img onerror', '<img src="x" onerror="alert(1)">'],
    ['a javascript: link', '<a href="javascript:alert(1)">Hi</a>'],
    ['an entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">Hi</a>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['an svg with script', '<svg><script>alert(1)</script></svg>'],
    ['a form', '<form action="https://evil.example"><input name="password"></form>'],
    ['a style element', '<style>body{background:url(https://track.example/p)}</style>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ])('removes %s', (_, html) => {
    const out = clean(html).toLowerCase();
    for (const bad of [
      '<script',
      'onclick',
      'onerror',
      'javascript:',
      '<iframe',
      '<svg',
      '<form',
      '<input',
      '<style',
      '<meta',
      'alert(1)',
    ]) {
      expect(out).not.toContain(bad);
    }
  });

  it('keeps the text of a discarded element that is not dangerous', () => {
    expect(clean('<article><p>Hi <blink>there</blink></p></article>')).toBe('<p>Hi there</p>');
  });
});

describe('sanitizeEmailHtml: formatting', () => {
  it('keeps formatting tags, tables and safe styles', () => {
    const html = '<table><tr><td style="color:#333;text-align:right" dir="rtl">שלום</td></tr></table><p><b>bold</b> <em>em</em></p>';
    const out = clean(html);
    expect(out).toContain('<td style="color:#333;text-align:right" dir="rtl">שלום</td>');
    expect(out).toContain('<b>bold</b> <em>em</em>');
  });

  it('drops CSS that loads anything or runs script, and properties not on the list', () => {
    const out = clean(
      '<p style="background-color:url(https://track.example/p);color:red">a</p>' +
        '<p style="width:expression(alert(1))">b</p><p style="position:fixed;top:0">c</p>',
    );
    expect(out).not.toMatch(/url\(|expression|position|top:/);
    expect(out).toContain('color:red');
  });

  it('makes every link open outside without an opener or referrer', () => {
    expect(clean('<a href="https://example.com" target="_self" rel="opener">x</a>')).toBe(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it('keeps mailto: and tel: links', () => {
    expect(clean('<a href="mailto:ana@example.com">m</a><a href="tel:+4612345">t</a>')).toMatch(
      /href="mailto:ana@example.com".*href="tel:\+4612345"/,
    );
  });
});

describe('sanitizeEmailHtml: images', () => {
  it('holds back remote images, counting them and showing their alt text', () => {
    const result = sanitizeEmailHtml('<img src="https://track.example/p.gif" alt="Logo"><img src="http://x.example/a.png">', blockRemote);
    expect(result.blockedImages).toBe(2);
    expect(result.html).not.toContain('track.example');
    expect(result.html).toContain('<span class="blocked-image" title="remote image blocked">[Logo]</span>');
    expect(result.html).toContain('[image]');
  });

  it('shows remote images once the agent allows them', () => {
    const result = sanitizeEmailHtml('<img src="https://example.com/a.png" alt="A">', allowRemote);
    expect(result.blockedImages).toBe(0);
    expect(result.html).toBe('<img src="https://example.com/a.png" alt="A" />');
  });

  it('shows inline cid: parts as data URLs, and the alt text for unknown ones', () => {
    const result = sanitizeEmailHtml('<img src="cid:logo@mail" alt="L"><img src="cid:%3Cmissing@mail%3E" alt="M">', blockRemote);
    expect(result.html).toContain(`<img src="${PNG}" alt="L" />`);
    expect(result.html).toContain('<span>[M]</span>');
    expect(result.blockedImages).toBe(0);
  });

  it('keeps data: images of raster types and blocks other data: URLs (an SVG can carry script)', () => {
    expect(clean(`<img src="${PNG}">`)).toContain(PNG);
    const svg = sanitizeEmailHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">', blockRemote);
    expect(svg.html).not.toContain('svg+xml');
    expect(svg.blockedImages).toBe(1);
  });

  it('escapes alt text shown in place of an image', () => {
    const out = clean('<img src="https://x.example/a.png" alt="<b>x</b>&">');
    expect(out).not.toContain('<b>');
  });
});
