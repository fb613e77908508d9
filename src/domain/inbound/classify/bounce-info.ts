// What a bounce reader finds: a failed delivery (hard or soft), or a success report.

export interface BounceInfo {
  kind: 'bounce';
  hard: boolean;
  recipients: string[];
  originalMessageId?: string;
  status?: string;
  diagnostic?: string;
  reason: string;
}

/** A success report (DSN "delivered"/"relayed", SES "Delivery"): machine mail, not a bounce. */
export interface DeliveryReport {
  kind: 'delivery_report';
}

/** A bounce with only the fields that were found. */
export function bounce(info: Omit<BounceInfo, 'kind'>): BounceInfo {
  const out: BounceInfo = { kind: 'bounce', hard: info.hard, recipients: info.recipients, reason: info.reason };
  if (info.originalMessageId) out.originalMessageId = info.originalMessageId;
  if (info.status) out.status = info.status;
  if (info.diagnostic) out.diagnostic = info.diagnostic;
  return out;
}
