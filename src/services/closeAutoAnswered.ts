// closeAutoAnswered: a conversation the autoresponder answered, where the customer has not written
// again for 3 days, is closed as resolved by the autoresponder (scheduler).
import type { Deps } from '../deps.ts';
import { closeUnansweredAutoReplies } from '../store/faq-decisions.ts';

export const AUTO_ANSWER_CLOSE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

export async function closeAutoAnswered(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const closed = await closeUnansweredAutoReplies(deps.db, now - AUTO_ANSWER_CLOSE_AFTER_MS, now);
  if (closed.length > 0) deps.log.info('scheduler: closed conversations resolved by the autoresponder', { count: closed.length });
  return closed.length;
}
