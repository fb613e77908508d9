import { describe, expect, it } from 'vitest';
import { agents, contacts, conversations } from '../../db/schema.ts';
import { INBOX_PAGE_SIZE, listInbox } from '../../src/services/inbox.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

describe('inbox list', () => {
  it('pages through waiting conversations (longest first), then the rest (newest first), without gaps or repeats', async () => {
    const now = t.clock.now();
    await t.deps.db.insert(agents).values({ id: 'agt_01ME', email: 'me@acme.example', name: 'Me', createdAt: now });
    await t.deps.db.insert(contacts).values({ id: 'con_01C', email: 'c@example.com', createdAt: now, updatedAt: now });
    const rows = Array.from({ length: 70 }, (_, i) => ({
      id: `cnv_01${String(i).padStart(24, '0')}`,
      contactId: 'con_01C',
      status: 'open' as const,
      // 40 wait for an answer (some since the same moment), 30 do not.
      waitingSince: i < 40 ? now - Math.floor(i / 2) * 60_000 : null,
      assigneeId: i % 3 === 0 ? 'agt_01ME' : null,
      lastMessageAt: now - i * 1000,
      createdAt: now,
      updatedAt: now,
    }));
    await t.deps.db.insert(conversations).values(rows);
    const me = (await t.deps.db.select().from(agents))[0]!;

    const first = await listInbox(t.deps, me, { status: 'open', view: 'all' });
    expect(first.rows).toHaveLength(INBOX_PAGE_SIZE);
    expect(first.counts.open).toBe(70);
    const second = await listInbox(t.deps, me, { status: 'open', view: 'all', cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const seen = [...first.rows, ...second.rows];
    expect(new Set(seen.map((r) => r.id)).size).toBe(70);
    const waiting = seen.slice(0, 40).map((r) => r.waitingSince!);
    expect(waiting).toEqual([...waiting].sort((a, b) => a - b));
    expect(seen.slice(40).every((r) => r.waitingSince === null)).toBe(true);
    const rest = seen.slice(40).map((r) => r.lastMessageAt);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));

    const mine = await listInbox(t.deps, me, { status: 'open', view: 'mine' });
    expect(mine.rows.map((r) => r.assigneeId)).toEqual(Array(24).fill('agt_01ME'));
    const unassigned = await listInbox(t.deps, me, { status: 'open', view: 'unassigned' });
    expect(unassigned.rows.every((r) => r.assigneeId === null)).toBe(true);
  });
});
