// The headers every outbound message carries (RFC 5322 threading, RFC 3834 automation
// marking, RFC 8058 one-click unsubscribe).
import { footerIsRtl, unsubscribeWord } from './footer-text.ts';
export interface OutboundHeaderInput {
  /** Without angle brackets. */
  messageId: string;
  /** The conversation's earlier Message-IDs, oldest first, without angle brackets. */
  thread: string[];
  automated: boolean;
  /** https URL; only for marketing mail. */
  unsubscribeUrl: string | null;
}

/** RFC 5322 asks for the parent and as much of the chain as fits; keep the root and the latest. */
const MAX_REFERENCES = 20;

export function messageIdFor(id: string, domain: string): string {
  return `${id}@${domain}`;
}

export function buildOutboundHeaders(input: OutboundHeaderInput): Record<string, string> {
  const headers: Record<string, string> = { 'Message-ID': `<${input.messageId}>` };
  const parent = input.thread[input.thread.length - 1];
  if (parent) {
    const chain = input.thread.length > MAX_REFERENCES ? [input.thread[0]!, ...input.thread.slice(-(MAX_REFERENCES - 1))] : input.thread;
    headers['In-Reply-To'] = `<${parent}>`;
    headers.References = chain.map((id) => `<${id}>`).join(' ');
  }
  if (input.automated) headers['Auto-Submitted'] = 'auto-generated';
  if (input.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${input.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

/** For marketing mail written without a template: a visible unsubscribe line, always, in the contact's language. */
export function withUnsubscribeFooter(text: string, unsubscribeUrl: string, locale: string | null): string {
  if (text.includes(unsubscribeUrl)) return text;
  return `${text.trimEnd()}\n\n--\n${unsubscribeWord(locale)}: ${unsubscribeUrl}\n`;
}

export function withUnsubscribeFooterHtml(html: string, unsubscribeUrl: string, locale: string | null): string {
  if (html.includes(unsubscribeUrl)) return html;
  const dir = footerIsRtl(locale) ? ' dir="rtl"' : '';
  const href = unsubscribeUrl.replace(/"/g, '&quot;');
  const footer = `<p${dir} style="font-size:12px;color:#666"><a href="${href}">${unsubscribeWord(locale)}</a></p>`;
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${footer}</body>`) : html + footer;
}
