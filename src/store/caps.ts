import { frequencyCaps } from '../../db/schema.ts';
import type { FrequencyCap } from '../domain/outbound/frequency-cap.ts';
import type { Db } from './db.ts';

/** The caps a business configured; each category's replace its defaults (domain/delivery/policy.ts). */
export async function listCaps(db: Db): Promise<FrequencyCap[]> {
  return db
    .select({ category: frequencyCaps.category, maxMessages: frequencyCaps.maxMessages, windowSeconds: frequencyCaps.windowSeconds })
    .from(frequencyCaps);
}
