// Support follow-ups, the pure part: the chain of at most 2 steps, their keys, and what stops a due one.
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  firstFollowUp,
  followUpKey,
  followUpKeyRange,
  followUpStop,
  nextFollowUp,
  readFollowUpPayload,
  type FollowUpFacts,
} from '../../src/domain/inbox/follow-up.ts';
import { chunk } from '../../src/domain/chunk.ts';

const reply = { conversationId: 'cnv_1', agentId: 'agt_1', messageId: 'msg_1', at: 1_000 };
const quiet: FollowUpFacts = { conversationFound: true, personWrote: false, agentWrote: false, closed: false, suppressed: false };

describe('follow-up chain', () => {
  it('is due N days after the reply, then N days after the first follow-up, and ends after the chosen count', () => {
    const first = firstFollowUp({ days: 3, count: 2 }, reply, 1_005);
    expect(first.runAt).toBe(1_000 + 3 * DAY_MS);
    expect(first.payload).toMatchObject({ step: 1, count: 2, afterMessageId: 'msg_1', afterAt: 1_000, scheduledAt: 1_005 });
    const second = nextFollowUp(first.payload, { messageId: 'msg_2', at: first.runAt });
    expect(second?.runAt).toBe(first.runAt + 3 * DAY_MS);
    expect(second?.payload).toMatchObject({ step: 2, afterMessageId: 'msg_2', replyMessageId: 'msg_1' });
    expect(nextFollowUp(second!.payload, { messageId: 'msg_3', at: second!.runAt })).toBeNull();
    expect(nextFollowUp(firstFollowUp({ days: 1, count: 1 }, reply, 0).payload, { messageId: 'm', at: 0 })).toBeNull();
  });

  it('never has more than 2 steps, whatever was asked', () => {
    const first = firstFollowUp({ days: 1, count: 5 }, reply, 0);
    expect(first.payload.count).toBe(2);
    const second = nextFollowUp(first.payload, { messageId: 'msg_2', at: 1 })!;
    expect(nextFollowUp(second.payload, { messageId: 'msg_3', at: 2 })).toBeNull();
  });

  it('reads back only a well-formed payload', () => {
    const { payload } = firstFollowUp({ days: 2, count: 1 }, reply, 0);
    expect(readFollowUpPayload(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
    expect(readFollowUpPayload({ ...payload, days: 9 })).toBeNull();
    expect(readFollowUpPayload({ ...payload, step: 3 })).toBeNull();
    expect(readFollowUpPayload({ n: 1 })).toBeNull();
  });

  it('keys one job per conversation, reply and step, all inside the conversation’s key range', () => {
    const range = followUpKeyRange('cnv_1');
    const keys = [followUpKey('cnv_1', 'msg_1', 1), followUpKey('cnv_1', 'msg_9', 2)];
    expect(new Set(keys).size).toBe(2);
    expect(keys.every((k) => k >= range.from && k < range.to)).toBe(true);
    for (const other of [followUpKey('cnv_10', 'msg_1', 1), followUpKey('cnv_', 'msg_1', 1)]) {
      expect(other >= range.from && other < range.to).toBe(false);
    }
  });
});

describe('followUpStop', () => {
  it('sends when nothing happened', () => {
    expect(followUpStop(quiet)).toBeNull();
  });

  it.each([
    [{ personWrote: true }, 'Replied'],
    [{ agentWrote: true }, 'AgentAnswered'],
    [{ closed: true }, 'ConversationClosed'],
    [{ suppressed: true }, 'Suppressed'],
    [{ conversationFound: false }, 'ContactGone'],
    [{ personWrote: true, agentWrote: true, suppressed: true }, 'Replied'],
  ] as const)('%o stops it: %s', (facts, reason) => {
    expect(followUpStop({ ...quiet, ...facts })?.reason).toBe(reason);
  });
});

describe('chunk', () => {
  it('cuts a list into pieces of at most n, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
