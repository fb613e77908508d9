// "Reply as the customer" (the dev outbox): the MIME a customer's mail program would send in answer to a
// kept message: to its Reply-To (the reply+TOKEN address), Re: subject, In-Reply-To and References, the
// text and, when asked, the original quoted below an attribution line. Then it goes in by the real door.
import { composeMime } from './mime.ts';

export interface AnsweredMessage {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  /** The text part; null for a message that had none. */
  text: string | null;
  createdAt: number;
}

export interface CustomerReplyInput {
  /** The Message-ID the reply gets, without angle brackets. */
  messageId: string;
  text: string;
  quote: boolean;
  date: Date;
}

export interface CustomerReply {
  from: string;
  to: string;
  mime: string;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : headers[found];
}

const reSubject = (subject: string) => (/^\s*re\s*:/i.test(subject) ? subject : `Re: ${subject}`);

/** The original below "On …, … wrote:", every line prefixed "> ", as mail programs quote. */
function quoted(original: AnsweredMessage): string {
  const when = new Date(original.createdAt).toUTCString();
  const lines = (original.text ?? '').replace(/\r\n/g, '\n').trimEnd().split('\n');
  return `On ${when}, ${original.from} wrote:\n${lines.map((line) => (line ? `> ${line}` : '>')).join('\n')}\n`;
}

export function composeCustomerReply(original: AnsweredMessage, input: CustomerReplyInput): CustomerReply {
  const customer = original.to[0]!;
  const replyTo = header(original.headers, 'Reply-To') ?? original.from;
  const parent = header(original.headers, 'Message-ID');
  const references = [header(original.headers, 'References'), parent].filter(Boolean).join(' ');
  const text = input.quote ? `${input.text.trimEnd()}\n\n${quoted(original)}` : `${input.text.trimEnd()}\n`;
  const mime = composeMime(
    {
      id: input.messageId,
      from: customer,
      to: [replyTo],
      subject: reSubject(original.subject),
      text,
      headers: {
        'Message-ID': `<${input.messageId}>`,
        ...(parent ? { 'In-Reply-To': parent } : {}),
        ...(references ? { References: references } : {}),
      },
    },
    input.date,
    input.messageId.replace(/[^A-Za-z0-9]/g, ''),
  );
  return { from: customer, to: replyTo, mime };
}
