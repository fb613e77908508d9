// First-run setup: the first admin agent and a scripted API key, from the environment.
import type { Deps } from '../deps.ts';
import { apiKeyDisplayPrefix, apiKeyHash } from '../domain/auth/api-key.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { randomToken } from '../domain/encoding.ts';
import { hashPassword } from '../domain/auth/password.ts';
import { countAgents, insertAgent } from '../store/agents.ts';
import { findApiKeyByHash, insertApiKey } from '../store/api-keys.ts';

export const BOOTSTRAP_API_KEY_NAME = 'bootstrap (SAMTAL_API_KEY)';
const DEFAULT_ADMIN_EMAIL = 'admin@localhost.localdomain';

export interface BootstrapResult {
  /** Set only when this run created the first admin; the password is shown once. */
  createdAdmin: { email: string; password: string; generated: boolean } | null;
  createdApiKey: boolean;
}

export async function bootstrap(deps: Deps, options: { generateAdmin: boolean }): Promise<BootstrapResult> {
  const result: BootstrapResult = { createdAdmin: null, createdApiKey: false };
  const now = deps.clock.now();

  if ((await countAgents(deps.db)) === 0 && (deps.config.adminEmail || options.generateAdmin)) {
    const generated = !deps.config.adminPassword;
    const email = normalizeEmail(deps.config.adminEmail ?? DEFAULT_ADMIN_EMAIL);
    const password = deps.config.adminPassword ?? randomToken(12);
    await insertAgent(deps.db, {
      id: deps.ids.next('agt'),
      email,
      name: 'Admin',
      role: 'admin',
      passwordHash: await hashPassword(password),
      active: true,
      createdAt: now,
    });
    result.createdAdmin = { email, password, generated };
  }

  const key = deps.config.bootstrapApiKey;
  if (key) {
    const keyHash = await apiKeyHash(key);
    // Kept once, revoked or not: a revoked SAMTAL_API_KEY stays revoked across restarts.
    if (!(await findApiKeyByHash(deps.db, keyHash))) {
      await insertApiKey(deps.db, {
        id: deps.ids.next('key'),
        name: `${BOOTSTRAP_API_KEY_NAME} ${apiKeyDisplayPrefix(key)}`,
        keyHash,
        prefix: apiKeyDisplayPrefix(key),
        role: 'admin',
        createdAt: now,
      });
      result.createdApiKey = true;
    }
  }
  return result;
}
