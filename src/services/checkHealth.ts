import type { Deps } from '../deps.ts';
import { errorFields } from '../log.ts';
import { pingDatabase } from '../store/health.ts';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  db: 'ok' | 'unreachable';
}

export async function checkHealth(deps: Deps): Promise<Health> {
  try {
    await pingDatabase(deps.db);
    return { status: 'ok', version: deps.config.version, db: 'ok' };
  } catch (error) {
    deps.log.warn('health: database unreachable', errorFields(error));
    return { status: 'degraded', version: deps.config.version, db: 'unreachable' };
  }
}
