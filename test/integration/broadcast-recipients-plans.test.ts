// A broadcast's recipients are read and marked by their indexes: the cost of a chunk grows with the chunk, not with
// the broadcast (reading the next due ones sorted every planned recipient, 100,000 of them, for each chunk of 500).
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/store/db.ts';
import { dueRecipients, markRecipientsStatement } from '../../src/store/broadcast-recipients.ts';
import { useTestContext } from '../support/contexts.ts';
import { recordingClient } from '../support/recording-client.ts';

const t = useTestContext();
async function plansOf(statements: { sql: string; args: unknown }[]): Promise<string> {
  const lines: string[] = [];
  for (const s of statements) {
    const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args as never });
    lines.push(...plan.rows.map((r) => String(r.detail)));
  }
  return lines.join(' | ');
}

describe('broadcast recipients query plans', () => {
  it('the next due recipients come in index order with their contacts, without sorting the planned ones', async () => {
    const { client, statements } = recordingClient(t.client);
    await dueRecipients(createDb(client), 'brd_01PLAN', 1_700_000_000_000, 500);
    const plan = await plansOf(statements);
    expect(plan).toMatch(/SEARCH r USING INDEX broadcast_recipients_due_ordered_idx \(broadcast_id=\? AND status=\? AND due_at<\?\)/);
    expect(plan).toContain('SEARCH c USING INDEX sqlite_autoindex_contacts_1 (id=?)');
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('marking a chunk (queued, skipped, held) finds each recipient by its key', async () => {
    const changes = [
      { contactId: 'con_01', status: 'queued' as const, messageId: 'msg_01' },
      { contactId: 'con_02', status: 'skipped' as const, reason: 'NoMarketingConsent' as const, detail: 'no consent' },
      { contactId: 'con_03', status: 'planned' as const, until: 2, reason: 'QuietHours' as const, detail: 'quiet hours' },
    ];
    const plan = await plansOf([markRecipientsStatement({ broadcastId: 'brd_01PLAN', changes, now: 1 })]);
    expect(plan).toMatch(/SEARCH r USING INDEX sqlite_autoindex_broadcast_recipients_1 \(broadcast_id=\? AND contact_id=\?\)/);
    expect(plan).not.toMatch(/SCAN r\b|SEARCH r USING (COVERING )?INDEX broadcast_recipients_due/);
  });
});
