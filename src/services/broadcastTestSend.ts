// A broadcast's test send: the message as one contact (chosen, or the segment's first sample) would
// read it, sent once through the outbox to an agent's own address, subject prefixed "[Test] ".
// Only an agent's address: a test must never become a way to mail anyone outside the segment's rules.
import type { Deps } from '../deps.ts';
import { edgeContacts, type SampleContact, sampleOf } from '../domain/broadcasts/samples.ts';
import { AppError } from '../domain/errors.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { findAgentByEmail } from '../store/agents.ts';
import type { MessageRow } from '../store/messages.ts';
import { broadcastLocales, renderBroadcast } from './broadcastRendering.ts';
import { getBroadcast } from './broadcasts.ts';
import { segmentSamples } from './broadcastPreflight.ts';
import { getContact } from './contacts.ts';
import { sendTestCopy } from './sendTestCopy.ts';

export interface TestSendInput {
  to: string;
  contactId?: string | undefined;
}

async function sampleFor(deps: Deps, broadcast: Awaited<ReturnType<typeof getBroadcast>>, contactId?: string): Promise<SampleContact> {
  if (contactId) return sampleOf(await getContact(deps, contactId));
  const { locales, defaultLocale } = broadcastLocales(deps, broadcast);
  const [first] = await segmentSamples(deps, broadcast, defaultLocale);
  return first ?? edgeContacts([], locales, defaultLocale)[0]!;
}

export async function sendBroadcastTest(deps: Deps, id: string, input: TestSendInput): Promise<MessageRow> {
  const to = normalizeEmail(input.to);
  if (!(await findAgentByEmail(deps.db, to))) {
    throw new AppError('ValidationFailed', `${input.to} is not an agent's address; a test goes to the agent's own address`, [
      { field: 'to', message: "expected an agent's own address" },
    ]);
  }
  const broadcast = await getBroadcast(deps, id);
  const sample = await sampleFor(deps, broadcast, input.contactId);
  return sendTestCopy(deps, to, async (recipientId) => (await renderBroadcast(deps, broadcast, sample, recipientId)).sample);
}
