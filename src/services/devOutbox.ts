import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { findDevOutboxRow, listDevOutboxRows, type DevOutboxRow } from '../store/dev-outbox.ts';

export async function listDevOutbox(deps: Deps, limit: number): Promise<DevOutboxRow[]> {
  return listDevOutboxRows(deps.db, limit);
}

export async function getDevOutboxEntry(deps: Deps, id: string): Promise<DevOutboxRow> {
  const row = await findDevOutboxRow(deps.db, id);
  if (!row) throw new AppError('NotFound', `no dev outbox entry ${id}`);
  return row;
}
