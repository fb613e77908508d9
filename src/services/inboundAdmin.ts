import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { getInboundEmail, listInboundByStatus } from '../store/inbound-emails.ts';
import type { ProcessOutcome } from './processInboundEmail.ts';
import { processSafely } from './receiveEmail.ts';
import type { InboundStatus } from '../domain/vocabulary.ts';

export function listInbound(deps: Deps, status: InboundStatus) {
  return listInboundByStatus(deps.db, [status], 500);
}

export async function reprocessInbound(deps: Deps, id: string): Promise<ProcessOutcome> {
  if (!(await getInboundEmail(deps.db, id))) throw new AppError('NotFound', `no inbound email with id ${id}`);
  return processSafely(deps, id);
}
