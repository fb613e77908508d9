import { describe, expect, it } from 'vitest';
import { agents, contacts, conversations, sessions } from '../../db/schema.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

describe('runScheduled', () => {
  it('wakes snoozed conversations whose time came, delivers the outbox and drops expired sessions', async () => {
    const now = t.clock.now();
    await t.deps.db.insert(contacts).values({ id: 'con_01S', email: 's@example.com', createdAt: now, updatedAt: now });
    await t.deps.db.insert(conversations).values([
      {
        id: 'cnv_01DUE',
        contactId: 'con_01S',
        status: 'snoozed',
        snoozedUntil: now - 1,
        lastMessageAt: now,
        createdAt: now,
        updatedAt: now,
      },
      {
        id: 'cnv_01LATER',
        contactId: 'con_01S',
        status: 'snoozed',
        snoozedUntil: now + 3600_000,
        lastMessageAt: now,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await t.deps.db.insert(agents).values({ id: 'agt_01A', email: 'a@acme.example', name: 'A', createdAt: now });
    await t.deps.db.insert(sessions).values([
      { idHash: 'old', agentId: 'agt_01A', csrfSecret: 'x', createdAt: 0, lastUsedAt: 0, expiresAt: now - 1 },
      { idHash: 'live', agentId: 'agt_01A', csrfSecret: 'y', createdAt: now, lastUsedAt: now, expiresAt: now + 1000 },
    ]);
    await sendMessage(t.deps, { to: 'r@example.com', subject: 'Hi', text: 'Hello' });

    const report = await runScheduled(t.deps);
    expect(report.wokenConversations).toBe(1);
    expect(report.delivery.sent).toBe(1);
    const states = Object.fromEntries((await t.deps.db.select().from(conversations)).map((c) => [c.id, c.status]));
    expect(states).toMatchObject({ cnv_01DUE: 'open', cnv_01LATER: 'snoozed' });
    expect((await t.deps.db.select().from(sessions)).map((s) => s.idHash)).toEqual(['live']);
  });
});
