// Inbound HTML made safe to show: a well-kept sanitizer (sanitize-html) with an allow-list
// of formatting tags, no scripts, forms, event handlers or CSS url()s, links opening
// outside, and remote images held back until the agent allows them. The result is still
// only ever shown in a sandboxed iframe under a strict CSP (defence in depth).
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
];

const SAFE_CSS_VALUE = /^(?!.*(url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:))[^<>]*$/i;
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-align',
  'text-decoration',
  'line-height',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'border',
  'border-top',
  'border-bottom',
  'border-left',
  'border-right',
  'border-collapse',
  'width',
  'max-width',
  'height',
  'vertical-align',
  'white-space',
  'direction',
  'unicode-bidi',
];

export interface SanitizedHtml {
  html: string;
  blockedImages: number;
}

export interface SanitizeOptions {
  allowRemoteImages: boolean;
  /** data: URL (or null) for an inline cid: part. */
  inlineImage: (contentId: string) => string | null;
}

export function sanitizeEmailHtml(input: string, options: SanitizeOptions): SanitizedHtml {
  let blockedImages = 0;
  const html = sanitizeHtml(input, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      '*': ['style', 'dir', 'lang', 'align', 'valign', 'width', 'height', 'colspan', 'rowspan', 'bgcolor', 'color', 'title'],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      font: ['face', 'size', 'color'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data', 'cid'] },
    allowedStyles: { '*': Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, [SAFE_CSS_VALUE]])) },
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object', 'embed', 'svg', 'math'],
    transformTags: {
      a: (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => ({
        tagName,
        attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
        const src = (attribs.src ?? '').trim();
        if (/^cid:/i.test(src)) {
          const data = options.inlineImage(decodeURIComponent(src.slice(4)).replace(/^<|>$/g, ''));
          return data
            ? { tagName, attribs: { ...attribs, src: data } }
            : { tagName: 'span', attribs: {} as sanitizeHtml.Attributes, text: `[${attribs.alt || 'image'}]` };
        }
        if (/^data:image\/(png|gif|jpe?g|webp);/i.test(src)) return { tagName, attribs };
        if (/^https?:/i.test(src) && options.allowRemoteImages) return { tagName, attribs };
        blockedImages++;
        return { tagName: 'span', attribs: { class: 'blocked-image', title: 'remote image blocked' }, text: `[${attribs.alt || 'image'}]` };
      },
    },
    allowedClasses: { span: ['blocked-image'] },
  });
  return { html, blockedImages };
}
