// Unsubscribe and preference links: /u/<token> and /preferences/<token>. The token names
// the contact (and the topic of the message, if any) and is signed, so nobody can
// unsubscribe someone else by guessing.
import { ID_BODY } from '../ids.ts';
import { signSync, verify } from '../auth/signing.ts';

const PURPOSE = 'unsubscribe';
const MAC_LENGTH = 22;
const TOKEN = new RegExp(`^([a-z]+_${ID_BODY})\\.([a-z0-9_.-]{0,64})\\.([a-z2-7]{22})$`);

export interface UnsubscribeTarget {
  contactId: string;
  topic: string | null;
}

export async function createUnsubscribeToken(secret: string, target: UnsubscribeTarget): Promise<string> {
  return createUnsubscribeTokenSync(secret, target);
}

export function createUnsubscribeTokenSync(secret: string, target: UnsubscribeTarget): string {
  const topic = target.topic ?? '';
  return `${target.contactId}.${topic}.${signSync(secret, PURPOSE, `${target.contactId}.${topic}`, MAC_LENGTH)}`;
}

export async function verifyUnsubscribeToken(secret: string, token: string): Promise<UnsubscribeTarget | null> {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, contactId, topic, mac] = match as unknown as [string, string, string, string];
  if (!(await verify(secret, PURPOSE, `${contactId}.${topic}`, mac, MAC_LENGTH))) return null;
  return { contactId, topic: topic || null };
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/u/${token}`;
}

export function preferencesUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/preferences/${token}`;
}
