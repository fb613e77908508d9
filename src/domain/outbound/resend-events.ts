// Resend webhook events (https://resend.com/docs/webhooks): the envelope {type, created_at, data}
// and the data of each email event Samtal acts on or acknowledges. Other types are kept, not read.
import * as v from 'valibot';
import { parseMailbox } from '../people/email-address.ts';
import type { FieldIssue } from '../errors.ts';

const Text = v.string('expected text');
// Resend sends bare addresses; `Name <addr>` is read too, so a format change cannot block events.
const Recipient = v.pipe(
  Text,
  v.check((to) => parseMailbox(to) !== null, 'expected an email address'),
  v.transform((to) => parseMailbox(to)!.address),
);
const Recipients = v.pipe(
  v.union([v.array(Text), Text], 'expected a list of addresses'),
  v.transform((to) => (Array.isArray(to) ? to : [to])),
  v.array(Recipient),
);

const EmailData = v.looseObject({
  email_id: v.pipe(Text, v.minLength(1, 'expected the Resend email id')),
  to: v.optional(Recipients, []),
  created_at: v.optional(Text),
});

const BouncedData = v.looseObject({
  ...EmailData.entries,
  bounce: v.optional(
    v.looseObject({ type: v.optional(Text), subType: v.optional(Text), message: v.optional(Text) }, 'expected {type, subType, message}'),
    {},
  ),
});

function event<TType extends string, TData extends v.GenericSchema>(type: TType, data: TData) {
  return v.looseObject({ type: v.literal(type), created_at: v.optional(Text), data });
}

const ResendEmailEvent = v.variant('type', [
  event('email.sent', EmailData),
  event('email.delivered', EmailData),
  event('email.delivery_delayed', EmailData),
  event('email.bounced', BouncedData),
  event('email.complained', EmailData),
  event('email.opened', EmailData),
  event('email.clicked', EmailData),
]);

export type ResendEmailEvent = v.InferOutput<typeof ResendEmailEvent>;
export const RESEND_EMAIL_EVENT_TYPES = ResendEmailEvent.options.map((o) => o.entries.type.literal);

const Envelope = v.looseObject({
  type: v.pipe(v.string('expected the event type'), v.minLength(1, 'expected the event type')),
  data: v.looseObject({}, 'expected the event data object'),
});

export type ParsedResendEvent =
  | { ok: true; known: true; event: ResendEmailEvent }
  | { ok: true; known: false; type: string }
  | { ok: false; type: string; issues: FieldIssue[] };

function toIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({ field: v.getDotPath(issue) ?? '', message: issue.message }));
}

/** Reads a (signature-checked) webhook body. Unknown types are valid: Resend adds new ones over time. */
export function parseResendEvent(body: string): ParsedResendEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, type: '', issues: [{ field: '', message: 'expected a JSON Resend event' }] };
  }
  const envelope = v.safeParse(Envelope, json);
  if (!envelope.success) return { ok: false, type: '', issues: toIssues(envelope.issues) };
  const type = envelope.output.type;
  if (!(RESEND_EMAIL_EVENT_TYPES as string[]).includes(type)) return { ok: true, known: false, type };
  const parsed = v.safeParse(ResendEmailEvent, json);
  return parsed.success ? { ok: true, known: true, event: parsed.output } : { ok: false, type, issues: toIssues(parsed.issues) };
}

export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
}
