/**
 * Reply trimming for HTML bodies, using the structure mail clients leave
 * around quoted history:
 *  - Gmail: div.gmail_quote / div.gmail_quote_container (+ div.gmail_attr), blockquote.gmail_quote
 *  - Apple Mail, iOS Mail, Thunderbird: blockquote[type=cite], div.moz-cite-prefix
 *  - Outlook: div#divRplyFwdMsg (+ the <hr> before it, #appendonsend), the header
 *    block div with "border-top:solid #E1E1E1 1.0pt" (or #B5C4DF), #OLK_SRC_BODY_SECTION,
 *    #mail-editor-reference-message-container
 *  - Yahoo: div.yahoo_quoted (also with Yahoo's "ydp…" class prefixes)
 *  - signatures: .gmail_signature, .moz-signature, #Signature, #AppleMailSignature, …
 *
 * The HTML is parsed with htmlparser2 (pure JS, no DOM), so this runs on
 * Workers, Node and Deno. The kept part is rendered to readable text (block
 * elements → line breaks, <br> → newline, entities decoded, blockquotes as
 * "> " lines) and then run through the text rules, which also split off a
 * "-- " signature or a mobile footer.
 */
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';
import render from 'dom-serializer';
import { removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { extractReplyFromText } from './text-rules.ts';
import type { ExtractedReply } from './types.ts';

type MarkerKind = 'quote' | 'header' | 'open' | 'signature';

export interface HtmlExtraction extends ExtractedReply {
  /** The HTML of the new text (quoted history and signature blocks removed). */
  replyHtml: string;
  /** Whether a structural quote marker (not just a signature) was found. */
  structural: boolean;
}

/** HTML beyond this many characters is not looked at (a Worker's CPU budget is small). */
const MAX_HTML = 512 * 1024;

/* ------------------------------------------------------------------ */
/* Marker detection                                                     */
/* ------------------------------------------------------------------ */

/** Outlook on the web prefixes ids and classes of quoted HTML with "x_" (possibly repeatedly). */
const stripX = (s: string): string => s.replace(/^(?:x_)+/, '');

function classes(el: Element): string[] {
  const c = el.attribs.class;
  if (!c) return [];
  return c.toLowerCase().split(/\s+/).filter(Boolean).map(stripX);
}

const OUTLOOK_BORDER = /border-top\s*:\s*solid\s+#(?:e1e1e1|b5c4df)\s+1(?:\.0)?pt/i;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|mso-hide\s*:\s*all)/i;

function markerKind(el: Element): MarkerKind | null {
  const name = el.name;
  const cls = classes(el);
  const id = stripX((el.attribs.id ?? '').toLowerCase());

  if (name === 'blockquote' && (cls.includes('gmail_quote') || (el.attribs.type ?? '').toLowerCase() === 'cite')) {
    return 'quote';
  }
  if (cls.includes('gmail_quote') || cls.includes('gmail_quote_container')) return 'quote';
  if (cls.some((c) => c.endsWith('yahoo_quoted')) || id.includes('yahoo_quoted')) return 'quote';
  if (id === 'mail-editor-reference-message-container') return 'quote';
  if (cls.includes('protonmail_quote')) return 'quote';
  if (cls.includes('moz-forward-container')) return 'quote';

  if (cls.includes('gmail_attr') || cls.includes('moz-cite-prefix')) return 'header';

  if (id === 'divrplyfwdmsg' || id === 'appendonsend' || id === 'olk_src_body_section') return 'open';
  if (cls.includes('outlookmessageheader')) return 'open';
  if (name === 'div' && OUTLOOK_BORDER.test(el.attribs.style ?? '')) return 'open';

  if (
    cls.includes('gmail_signature') ||
    el.attribs['data-smartmail'] === 'gmail_signature' ||
    cls.includes('moz-signature') ||
    id === 'signature' ||
    id === 'applemailsignature' ||
    id === 'ms-outlook-mobile-signature' ||
    cls.includes('yahoo-signature')
  ) {
    return 'signature';
  }
  return null;
}

/** Cheap textual hint that the HTML may carry one of the quote structures above. */
const QUOTE_STRUCTURE_HINT = new RegExp(
  [
    String.raw`gmail_quote|gmail_attr|type\s*=\s*["']?cite|divRplyFwdMsg|appendonsend|OLK_SRC_BODY_SECTION`,
    String.raw`border-top\s*:\s*solid\s+#(?:E1E1E1|B5C4DF)|yahoo_quoted|moz-cite-prefix`,
    String.raw`mail-editor-reference-message-container|protonmail_quote|moz-forward-container|OutlookMessageHeader`,
  ].join('|'),
  'i',
);

/** Whether the HTML may contain a structural quote marker (false means it certainly does not). */
export function mayHaveQuoteStructure(html: string): boolean {
  return QUOTE_STRUCTURE_HINT.test(html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html);
}

const isBlankText = (n: AnyNode): boolean => isText(n) && n.data.trim() === '';

/**
 * Outlook puts an <hr> (and an empty #appendonsend div) right before #divRplyFwdMsg:
 * the quoted part starts there.
 */
function extendOpenMarker(el: Element, markers: Map<AnyNode, MarkerKind>): void {
  let start: Element = el;
  let node: AnyNode | null = el.prev;
  while (node) {
    if (isBlankText(node)) {
      node = node.prev;
      continue;
    }
    if (isTag(node) && (node.name === 'hr' || stripX((node.attribs.id ?? '').toLowerCase()) === 'appendonsend')) {
      start = node;
      node = node.prev;
      continue;
    }
    break;
  }
  if (start !== el) {
    markers.delete(el);
    markers.set(start, 'open');
  }
}

const isQuoteBlock = (n: AnyNode): n is Element => isTag(n) && n.name === 'blockquote' && markerKind(n) === 'quote';

function hasVisibleText(n: AnyNode): boolean {
  if (isText(n)) return n.data.replace(/\u00A0/g, ' ').trim() !== '';
  if (!isTag(n) || SKIP.has(n.name)) return false;
  return n.children.some(hasVisibleText);
}

/**
 * A Gmail quote container (div.gmail_quote) normally holds the attribution and
 * one blockquote. When the sender answered inline, Gmail splits the blockquote
 * and the answers sit between the pieces, inside the container: then the
 * container is opened up (attribution = header, blockquotes = quotes, the
 * rest = new text). Returns false when it is a plain, closed quote.
 */
function openGmailContainer(el: Element, markers: Map<AnyNode, MarkerKind>, visit: (n: AnyNode) => boolean): boolean {
  let node: Element = el;
  // <div class="gmail_quote_container"><div class="gmail_quote">…</div></div>
  for (;;) {
    const inner = node.children.filter((c) => !isBlankText(c));
    const only = inner.length === 1 ? inner[0] : undefined;
    if (only && isTag(only) && only.name === 'div' && markerKind(only) === 'quote') node = only;
    else break;
  }
  const kids = node.children;
  const first = kids.findIndex(isQuoteBlock);
  if (first < 0) return false;
  const answered = kids.slice(first + 1).some((k) => !isQuoteBlock(k) && hasVisibleText(k));
  if (!answered) return false;
  kids.forEach((k, i) => {
    if (i < first) {
      if (!isBlankText(k)) markers.set(k, 'header');
    } else if (isQuoteBlock(k)) {
      markers.set(k, 'quote');
    } else {
      visit(k);
    }
  });
  return true;
}

/** Collects the markers in document order, not descending into quoted or signature blocks. */
function findMarkers(root: ParentNode): Map<AnyNode, MarkerKind> {
  const markers = new Map<AnyNode, MarkerKind>();
  let done = false;
  const visit = (node: AnyNode): boolean => {
    if (done) return true;
    if (!isTag(node)) return false;
    const kind = markerKind(node);
    if (kind) {
      if (kind === 'quote' && node.name === 'div' && openGmailContainer(node, markers, visit)) return done;
      markers.set(node, kind);
      if (kind === 'open') {
        extendOpenMarker(node, markers);
        done = true; // everything after belongs to the quoted part
      }
      return done;
    }
    for (const child of node.children) if (visit(child)) return true;
    return false;
  };
  for (const child of root.children) if (visit(child)) break;
  return markers;
}

/* ------------------------------------------------------------------ */
/* HTML → text                                                          */
/* ------------------------------------------------------------------ */

const SKIP = new Set([
  'head',
  'style',
  'script',
  'title',
  'meta',
  'link',
  'template',
  'noscript',
  'xml',
  'object',
  'svg',
  'button',
  'select',
  'input',
  'textarea',
]);
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'main',
  'menu',
  'nav',
  'section',
  'summary',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'caption',
  'body',
  'html',
  'legend',
  'option',
]);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'ul', 'ol', 'hr']);

/** Builds text line by line: block boundaries end the current line, <br> always ends one. */
class TextWriter {
  private lines: string[] = [];
  private cur: string | null = null;
  private prefix = '';
  private pendingBlank = false;
  depth = 0;

  /** Quote depth of the last line pushed. */
  private lastDepth = 0;

  private startLine(): void {
    const quote = '> '.repeat(this.depth);
    if (this.pendingBlank && this.lines.length > 0 && (this.lines[this.lines.length - 1] ?? '').replace(/[> ]/g, '') !== '') {
      this.lines.push('> '.repeat(Math.min(this.depth, this.lastDepth)).trimEnd());
    }
    this.pendingBlank = false;
    this.cur = '';
    this.prefix = quote;
  }

  private flush(): void {
    this.lines.push((this.prefix + (this.cur ?? '')).trimEnd());
    this.lastDepth = this.prefix.length / 2;
    this.cur = null;
  }

  text(data: string, pre: boolean): void {
    if (pre) {
      const parts = data.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) this.br();
        if (part === '') return;
        if (this.cur === null) this.startLine();
        this.cur += part;
      });
      return;
    }
    let s = data.replace(/[ \t\n\r\f]+/g, ' ');
    if (this.cur === null || this.cur === '' || this.cur.endsWith(' ')) s = s.replace(/^ /, '');
    if (s === '') return;
    if (this.cur === null) this.startLine();
    this.cur += s;
  }

  br(): void {
    if (this.cur === null) this.startLine();
    this.flush();
  }

  block(): void {
    if (this.cur !== null) {
      if (this.cur.trim() === '' && !this.cur.includes('\u00A0')) this.cur = null;
      else this.flush();
    }
  }

  paragraph(): void {
    this.block();
    this.pendingBlank = true;
  }

  toString(): string {
    this.block();
    return this.lines.join('\n');
  }

  /** Ends the current segment: returns its text and starts a new, empty one (quote depth kept). */
  take(): string {
    const text = this.toString();
    this.lines = [];
    this.pendingBlank = false;
    return text;
  }
}

interface RenderState {
  pre: number;
  lists: Array<{ ordered: boolean; n: number }>;
}

function isMsoParagraph(el: Element): boolean {
  const cls = el.attribs.class ?? '';
  if (/\bMso/i.test(cls)) return true;
  const style = el.attribs.style ?? '';
  return /(?:^|;)\s*margin(?:-bottom)?\s*:\s*0(?:px|pt|cm|in|em)?\s*(?:;|$|0)/i.test(style);
}

/** Renders one element (and its subtree) into `w`. `enter` may redirect marker subtrees. */
function renderNode(node: AnyNode, w: TextWriter, st: RenderState, onNode?: (node: AnyNode) => boolean): void {
  if (onNode?.(node)) return;
  if (isText(node)) {
    w.text(node.data, st.pre > 0);
    return;
  }
  if (!isTag(node)) return;
  const el = node;
  const name = el.name;
  if (SKIP.has(name)) return;
  if (HIDDEN_STYLE.test(el.attribs.style ?? '')) return;
  if (name === 'br') {
    w.br();
    return;
  }
  if (name === 'img' || name === 'wbr') return;

  if (name === 'blockquote') {
    w.block();
    w.depth++;
    renderChildren(el, w, st, onNode);
    w.block();
    w.depth--;
    return;
  }
  if (name === 'pre') {
    w.paragraph();
    st.pre++;
    renderChildren(el, w, st, onNode);
    st.pre--;
    w.paragraph();
    return;
  }
  if (name === 'ul' || name === 'ol') {
    if (st.lists.length === 0) w.paragraph();
    else w.block();
    st.lists.push({ ordered: name === 'ol', n: 0 });
    renderChildren(el, w, st, onNode);
    st.lists.pop();
    if (st.lists.length === 0) w.paragraph();
    else w.block();
    return;
  }
  if (name === 'li') {
    w.block();
    const list = st.lists[st.lists.length - 1];
    const indent = '  '.repeat(Math.max(0, st.lists.length - 1));
    if (list) {
      list.n++;
      w.text(`${indent}${list.ordered ? `${list.n}.` : '-'}\u00A0`, true);
    }
    renderChildren(el, w, st, onNode);
    w.block();
    return;
  }
  if (name === 'td' || name === 'th') {
    w.text(' ', false);
    renderChildren(el, w, st, onNode);
    w.text(' ', false);
    return;
  }
  if (name === 'p') {
    if (isMsoParagraph(el)) {
      w.block();
      renderChildren(el, w, st, onNode);
      w.block();
    } else {
      w.paragraph();
      renderChildren(el, w, st, onNode);
      w.paragraph();
    }
    return;
  }
  if (PARAGRAPH.has(name)) {
    w.paragraph();
    renderChildren(el, w, st, onNode);
    w.paragraph();
    return;
  }
  if (BLOCK.has(name)) {
    w.block();
    renderChildren(el, w, st, onNode);
    w.block();
    return;
  }
  renderChildren(el, w, st, onNode);
}

function renderChildren(el: Element, w: TextWriter, st: RenderState, onNode?: (node: AnyNode) => boolean): void {
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) renderNode(kids[i] as AnyNode, w, st, onNode);
}

/** Final clean-up of rendered text: NBSP → space, trailing blanks, at most one empty line in a row. */
function cleanText(text: string): string {
  return text
    .replace(/\u00A0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n(?:[ \t]*>?[ \t]*\n){2,}/g, (m) => {
      // keep the quote prefix of the empty line if there was one
      const empty = m.split('\n')[1] ?? '';
      return `\n${empty.trim()}\n`;
    })
    .replace(/^\n+/, '')
    .trimEnd();
}

/** Renders an HTML fragment or document to readable text (blockquotes as "> " lines). */
export function htmlToText(html: string): string {
  const doc = parseDocument(html);
  const w = new TextWriter();
  const st: RenderState = { pre: 0, lists: [] };
  for (const child of doc.children) renderNode(child, w, st);
  return cleanText(w.toString());
}

/* ------------------------------------------------------------------ */
/* Segmentation by markers                                              */
/* ------------------------------------------------------------------ */

interface Segment {
  kind: 'reply' | MarkerKind;
  text: string;
  node?: AnyNode;
}

function bodyOf(doc: Document): ParentNode {
  const find = (node: ParentNode): Element | null => {
    for (const child of node.children) {
      if (!isTag(child)) continue;
      if (child.name === 'body') return child;
      if (child.name === 'html') {
        const b = find(child);
        if (b) return b;
      }
    }
    return null;
  };
  return find(doc) ?? doc;
}

function serialize(nodes: AnyNode[]): string {
  return render(nodes, { encodeEntities: 'utf8', decodeEntities: true }).trim();
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text to minimal HTML (used when only the text rules could find the cut). */
export function textToHtml(text: string): string {
  if (text === '') return '';
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Removes `el` and every node after it in document order (up to `root`). */
function removeFrom(el: AnyNode, root: ParentNode): void {
  let node: AnyNode | null = el;
  while (node && node !== root) {
    const parent: ParentNode | null = node.parent;
    while (node.next) removeElement(node.next);
    const current: AnyNode = node;
    node = parent && parent !== root ? parent : null;
    if (current === el) removeElement(current);
  }
}

/** Drops empty ">" lines at the start and end of a rendered quote. */
const trimQuoteLines = (text: string): string => text.replace(/^(?:[ \t>]*\n)+/, '').replace(/(?:\n[ \t>]*)+$/, '');
/** Removes ">"-only lines at the edges of quote blocks (left over when a quote header inside a blockquote was cut). */
const EMPTY_QUOTE_LINE = /^[ \t]*>[> \t]*$/;
const dropEmptyQuoteEdges = (text: string): string => {
  let lines = text.split('\n');
  const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';
  for (;;) {
    const kept = lines.filter((l, i) => !(EMPTY_QUOTE_LINE.test(l) && (blank(lines[i - 1]) || blank(lines[i + 1]))));
    if (kept.length === lines.length) return lines.join('\n');
    lines = kept;
  }
};
const stripLeadingDelimiter = (text: string): string => text.replace(/^[ \t]*--[ \t]*(?:\n|$)/, '');

const joinParts = (parts: string[]): string => cleanText(parts.filter((p) => p.trim() !== '').join('\n\n'));

/**
 * Splits an HTML email body using the quote structure of common mail clients.
 * Falls back to the text rules on the rendered text when no structure is found.
 */
export function extractFromHtml(html: string): HtmlExtraction {
  if (typeof html !== 'string' || html.trim() === '') {
    return { reply: '', quoted: '', signature: '', replyHtml: '', structural: false };
  }
  const doc = parseDocument(html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html);
  const body = bodyOf(doc);
  const markers = findMarkers(body);
  const structural = [...markers.values()].some((k) => k !== 'signature');

  // Render into segments: the reply flow is split at every marker.
  const segments: Segment[] = [];
  const w = new TextWriter();
  const st: RenderState = { pre: 0, lists: [] };
  let open = false;
  let current: Segment = { kind: 'reply', text: '' };
  segments.push(current);
  const onNode = (el: AnyNode): boolean => {
    if (open) return false;
    const kind = markers.get(el);
    if (!kind) return false;
    current.text = cleanText(w.take());
    const seg: Segment = { kind, text: '', node: el };
    segments.push(seg);
    if (kind === 'open') {
      // everything from here to the end of the document belongs to this segment
      open = true;
      current = seg;
      return false;
    }
    renderNode(el, w, st); // nested markers do not split a quote
    seg.text = trimQuoteLines(cleanText(w.take()));
    if (kind === 'signature') seg.text = stripLeadingDelimiter(seg.text);
    current = { kind: 'reply', text: '' };
    segments.push(current);
    return true;
  };
  for (const child of body.children) renderNode(child, w, st, onNode);
  current.text = cleanText(w.take());

  const hasText = (s: Segment): boolean => s.kind === 'reply' && s.text.trim() !== '';
  const firstReply = segments.findIndex(hasText);
  let lastReply = -1;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (hasText(segments[i] as Segment)) {
      lastReply = i;
      break;
    }
  }
  // Interleaved: a quote between two pieces of new text.
  const interleaved = firstReply >= 0 && segments.some((s, i) => s.kind === 'quote' && i > firstReply && i < lastReply);

  const replyParts: string[] = [];
  const quotedParts: string[] = [];
  const signatureParts: string[] = [];
  const removeNodes: AnyNode[] = [];
  let openNode: AnyNode | undefined;

  segments.forEach((seg, i) => {
    const text = seg.text;
    switch (seg.kind) {
      case 'reply':
        if (firstReply >= 0 && i >= firstReply && i <= lastReply) replyParts.push(text);
        break;
      case 'quote':
        if (firstReply >= 0 && i < lastReply && (i > firstReply || interleaved)) {
          replyParts.push(text);
        } else {
          quotedParts.push(text);
          if (seg.node) removeNodes.push(seg.node);
        }
        break;
      case 'header':
        quotedParts.push(text);
        if (seg.node) removeNodes.push(seg.node);
        break;
      case 'signature':
        signatureParts.push(text);
        if (seg.node) removeNodes.push(seg.node);
        break;
      case 'open':
        quotedParts.push(text);
        openNode = seg.node;
        break;
    }
  });

  // The text rules still split off "-- " signatures, mobile footers and any
  // quote the HTML structure did not mark.
  const fromText = extractReplyFromText(cleanText(replyParts.filter((p) => p.trim() !== '').join('\n\n')));

  if (openNode) removeFrom(openNode, body);
  for (const node of removeNodes) removeElement(node);

  const reply = dropEmptyQuoteEdges(fromText.reply);
  return {
    reply,
    quoted: joinParts([fromText.quoted, ...quotedParts]),
    signature: joinParts([fromText.signature, ...signatureParts]),
    // Without quote structure only the text rules knew where the history starts:
    // the HTML cannot be cut there, so the reply text becomes the HTML.
    replyHtml: !structural && fromText.quoted !== '' ? textToHtml(reply) : serialize(hasChildren(body) ? body.children : []),
    structural,
  };
}
