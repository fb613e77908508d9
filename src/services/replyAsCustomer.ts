// The dev outbox's "Reply as the customer": a real MIME reply to a kept message, fed through receiveEmail,
// the door the Worker's email() handler and POST /inbound/mime use, so a newcomer can try the whole loop.
import type { Deps } from '../deps.ts';
import { utf8 } from '../domain/encoding.ts';
import { AppError } from '../domain/errors.ts';
import { messageIdFor } from '../domain/outbound/headers.ts';
import { composeCustomerReply } from '../mail/customer-reply.ts';
import { getDevOutboxEntry } from './devOutbox.ts';
import { type ReceiveResult, receiveEmail } from './receiveEmail.ts';

export interface CustomerReplyRequest {
  text: string;
  quote: boolean;
}

export interface CustomerReplyOutcome {
  result: ReceiveResult;
  conversationId: string | null;
}

/** The dev outbox is only there while no mail provider is configured. */
export function assertDevOutboxOn(deps: Pick<Deps, 'config'>): void {
  if (deps.config.resendApiKey) {
    throw new AppError('NotFound', 'the dev outbox is off: RESEND_API_KEY is set, so mail goes through Resend');
  }
}

export async function replyAsCustomer(deps: Deps, outboxId: string, request: CustomerReplyRequest): Promise<CustomerReplyOutcome> {
  assertDevOutboxOn(deps);
  const original = await getDevOutboxEntry(deps, outboxId);
  const customerDomain = original.to[0]?.split('@').pop() ?? 'customer.example';
  const reply = composeCustomerReply(original, {
    messageId: messageIdFor(deps.ids.next('cst'), customerDomain),
    text: request.text,
    quote: request.quote,
    date: new Date(deps.clock.now()),
  });
  const result = await receiveEmail(deps, utf8(reply.mime), { from: reply.from, to: reply.to }, 'dev-outbox');
  if (result.outcome?.status === 'failed') {
    throw new AppError('ValidationFailed', `the reply was kept but could not be processed: ${result.outcome.error}`);
  }
  const conversationId = result.outcome?.status === 'processed' ? result.outcome.conversationId : null;
  deps.log.info('dev outbox: replied as the customer', { outboxId, inboundEmailId: result.inboundEmailId, conversationId });
  return { result, conversationId };
}
