import { describe, expect, it } from 'vitest';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { createDb } from '../../src/store/db.ts';
import { useTestContext } from '../support/contexts.ts';
import { recordingClient } from '../support/recording-client.ts';
import { customerMail, loadBakeryFaq } from '../support/faq-helpers.ts';

const BIG = ['conversations', 'messages', 'contacts', 'faq_decisions', 'inbound_emails', 'scheduled_jobs'];

describe('inbound query plans', () => {
  const t = useTestContext({ FAQ_MODE: 'auto' });

  it('every read of the pipeline searches an index', async () => {
    await loadBakeryFaq(t);
    const { message: sent } = await sendMessage(t.deps, { to: 'anna.berg@example.com', subject: 'Welcome', text: 'Welcome!' });
    const { client, statements } = recordingClient(t.client);
    const deps = { ...t.deps, db: createDb(client) };
    const envelope = { from: 'anna.berg@example.com', to: 'hello@bakery.example' };
    await receiveEmail(deps, customerMail({ subject: 'Re: Welcome', text: 'Thanks!', inReplyTo: sent.messageIdHeader! }), envelope, 'http');
    await receiveEmail(
      deps,
      customerMail({ from: 'b@example.com', subject: 'Hours', text: 'When are you open on Saturday?' }),
      envelope,
      'http',
    );

    const reads = statements.filter((s) => /^\s*select/i.test(s.sql));
    expect(reads.length).toBeGreaterThan(3);
    const scans: string[] = [];
    for (const s of reads) {
      const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args });
      for (const row of plan.rows) {
        const detail = String(row.detail);
        if (BIG.some((table) => new RegExp(`^SCAN ${table}\\b`).test(detail))) scans.push(`${detail} :: ${s.sql.slice(0, 120)}`);
      }
    }
    expect(scans).toEqual([]);
  });
});
