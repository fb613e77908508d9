import type { Deps } from '../deps.ts';
import { errorFields } from '../log.ts';
import { probeDatabaseWrite } from '../store/health.ts';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  /** ok: the database committed a (empty) write transaction just now. */
  db: 'ok' | 'unreachable';
}

export async function checkHealth(deps: Deps): Promise<Health> {
  try {
    await probeDatabaseWrite(deps.db);
    return { status: 'ok', version: deps.config.version, db: 'ok' };
  } catch (error) {
    deps.log.warn('health: database cannot commit', errorFields(error));
    return { status: 'degraded', version: deps.config.version, db: 'unreachable' };
  }
}
