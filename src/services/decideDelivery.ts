// decideDelivery: the one gate every automated send passes right before it is queued. It loads the
// business's policy and what is known about the contact, and asks the pure rules (domain/delivery).
import type { Deps } from '../deps.ts';
import { decide } from '../domain/delivery/decide.ts';
import { capLookbackMs, capsFor, parseQuietHours, policyWith } from '../domain/delivery/policy.ts';
import type { Decision, DeliveryPolicy, DeliveryRequest, QuietHours } from '../domain/delivery/types.ts';
import { toLocalDayCap } from '../domain/outbound/frequency-cap.ts';
import { windowStart } from '../domain/rules/time.ts';
import { listCaps } from '../store/caps.ts';
import { type HistoryScope, loadDeliveryHistory } from '../store/delivery-history.ts';
import { getSetting } from '../store/settings.ts';

/** The settings key a business's own quiet hours are kept under ("21:00-08:00" or "off"); it wins over QUIET_HOURS. */
export const QUIET_HOURS_SETTING = 'delivery.quiet_hours';

async function configuredQuietHours(deps: Deps): Promise<QuietHours | null | undefined> {
  const stored = await getSetting(deps.db, QUIET_HOURS_SETTING);
  if (stored !== undefined) {
    const parsed = parseQuietHours(stored);
    if (parsed !== undefined) return parsed;
    deps.log.warn('delivery: ignoring a malformed quiet hours setting', { key: QUIET_HOURS_SETTING, value: stored });
  }
  return deps.config.quietHours;
}

/** DEFAULT_POLICY with the business's caps (frequency_caps, in whole local days) and quiet hours (settings, else QUIET_HOURS). */
export async function loadDeliveryPolicy(deps: Deps): Promise<DeliveryPolicy> {
  const caps = (await listCaps(deps.db)).map(toLocalDayCap);
  return policyWith({ caps, quietHours: await configuredQuietHours(deps) });
}

/** What history a request needs at `now`: its topic, sends over the longest cap, and its source's own sends over its limit. */
export function historyScope(
  request: Pick<DeliveryRequest, 'topic'> & Partial<Pick<DeliveryRequest, 'source' | 'sourceName' | 'limit' | 'category'>>,
  policy: DeliveryPolicy,
  now: number,
): HistoryScope {
  const { source, sourceName, limit, category } = request;
  // Only the request's own category is capped ("less often" caps marketing beside the policy's caps).
  const capped = category !== undefined && (category === 'marketing' || capsFor(policy, category).length > 0);
  return {
    topic: request.topic,
    sendsSince: now - capLookbackMs(policy),
    sendCategories: category === undefined ? null : capped ? [category] : [],
    // An API send (no source) is never held, so nobody needs to know whether a conversation waits.
    waiting: source !== undefined,
    source: source && sourceName !== undefined && limit ? { source, sourceName, since: windowStart(now, limit.within) } : null,
  };
}

/** Send now, hold until when, or skip, and why, for one automated send to one contact. */
export async function decideDelivery(deps: Deps, contactId: string, request: DeliveryRequest): Promise<Decision> {
  const policy = await loadDeliveryPolicy(deps);
  const now = deps.clock.now();
  const history = await loadDeliveryHistory(deps.db, contactId, historyScope(request, policy, now));
  if (!history) return { action: 'skip', reason: 'ContactGone', detail: `no contact with id ${contactId}` };
  return decide(request, history, policy, now);
}
