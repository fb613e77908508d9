import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { getMessageById, type MessageRow } from '../store/messages.ts';

export async function getMessage(deps: Deps, id: string): Promise<MessageRow> {
  const message = await getMessageById(deps.db, id);
  if (!message) throw new AppError('NotFound', `no message with id ${id}`);
  return message;
}
