import type { Config } from '../config.ts';
import type { Clock } from '../deps.ts';
import type { Ids } from '../domain/ids.ts';
import type { Db } from '../store/db.ts';
import { createDevOutboxMailer } from './dev-outbox.ts';
import { createResendMailer } from './resend.ts';
import type { Mailer } from './transport.ts';

/** Resend when a key is configured, else the dev outbox. */
export function selectMailer(config: Config, db: Db, clock: Clock, ids: Ids): Mailer {
  if (config.resendApiKey) return createResendMailer({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl });
  return createDevOutboxMailer(db, clock, ids);
}
