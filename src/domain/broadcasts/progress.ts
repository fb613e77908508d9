// A broadcast's progress from its recipients' states (and, once queued, their messages' states): how many
// wait for their due time, sit in the outbox, went out, were skipped (by reason) or failed; and whether it
// is done (planned to the end, nobody waiting and nothing left in the outbox).
import type { BroadcastRecipientStatus, BroadcastStatus, MessageStatus } from '../vocabulary.ts';

/** One group of recipients: their state, reason, and their message's status (null: no message). */
export interface RecipientCount {
  status: BroadcastRecipientStatus;
  reason: string | null;
  messageStatus: MessageStatus | null;
  n: number;
}

export interface BroadcastProgress {
  status: BroadcastStatus;
  /** Every recipient planned so far (the whole segment once planning is done). */
  total: number;
  planning_done: boolean;
  /** Planned, waiting for their due time; `held` says how many were moved and why. */
  waiting: number;
  held: Record<string, number>;
  /** In the outbox, not yet accepted by the provider. */
  queued: number;
  /** Accepted by the provider (delivered and bounced ones included, and counted again below). */
  sent: number;
  delivered: number;
  bounced: number;
  skipped: Record<string, number>;
  failed: number;
  cancelled: number;
  done: boolean;
}

/** The reason a message skipped at delivery (the outbox checks suppression and consent again) is counted under. */
export const SKIPPED_AT_DELIVERY = 'SkippedAtDelivery';

const bump = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};

export function summarizeProgress(status: BroadcastStatus, planningDone: boolean, groups: RecipientCount[]): BroadcastProgress {
  const p: BroadcastProgress = {
    status,
    total: 0,
    planning_done: planningDone,
    waiting: 0,
    held: {},
    queued: 0,
    sent: 0,
    delivered: 0,
    bounced: 0,
    skipped: {},
    failed: 0,
    cancelled: 0,
    done: false,
  };
  for (const g of groups) {
    p.total += g.n;
    if (g.status === 'planned') {
      p.waiting += g.n;
      if (g.reason) bump(p.held, g.reason, g.n);
    } else if (g.status === 'skipped') bump(p.skipped, g.reason ?? 'Unknown', g.n);
    else if (g.status === 'cancelled') p.cancelled += g.n;
    else if (g.messageStatus === 'queued') p.queued += g.n;
    else if (g.messageStatus === 'sent' || g.messageStatus === 'delivered' || g.messageStatus === 'bounced') {
      p.sent += g.n;
      if (g.messageStatus === 'delivered') p.delivered += g.n;
      if (g.messageStatus === 'bounced') p.bounced += g.n;
    } else if (g.messageStatus === 'skipped') bump(p.skipped, SKIPPED_AT_DELIVERY, g.n);
    else p.failed += g.n;
  }
  const settled = p.queued === 0 && p.waiting === 0;
  p.done = settled && (status === 'sent' || status === 'cancelled' || (status === 'sending' && planningDone));
  return p;
}
