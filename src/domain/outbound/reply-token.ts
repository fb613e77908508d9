// Reply addresses: reply+<token>@<inbound domain>. The token names the conversation (or, for a
// bulk or broadcast message sent before there is one, the message: msg_…) and carries a truncated
// HMAC (80 bits), so a forged or altered token never maps to one. Tokens are lower-case (MTAs may
// fold case); the ids are restored from them.
import { ID_BODY } from '../ids.ts';
import { signSync, verify } from '../auth/signing.ts';

const PURPOSE = 'reply-token';
const MAC_LENGTH = 16;
const TOKEN = new RegExp(`^([a-z]+)_(${ID_BODY.toLowerCase()})-([a-z2-7]{16})$`);

export async function createReplyToken(secret: string, id: string): Promise<string> {
  return createReplyTokenSync(secret, id);
}

export function createReplyTokenSync(secret: string, id: string): string {
  return `${id.toLowerCase()}-${signSync(secret, PURPOSE, id, MAC_LENGTH)}`;
}

/** The conversation (or message) id the token names, or null when it is malformed or its MAC is wrong. */
export async function verifyReplyToken(secret: string, token: string): Promise<string | null> {
  const match = TOKEN.exec(token.toLowerCase());
  if (!match) return null;
  const conversationId = `${match[1]}_${match[2]!.toUpperCase()}`;
  return (await verify(secret, PURPOSE, conversationId, match[3]!, MAC_LENGTH)) ? conversationId : null;
}

export function replyAddress(token: string, inboundDomain: string): string {
  return `reply+${token}@${inboundDomain}`;
}

/** Tokens found in reply+TOKEN@domain addresses (any of To, Cc, Delivered-To). */
export function replyTokensIn(addresses: readonly string[], inboundDomain: string): string[] {
  const domain = inboundDomain.toLowerCase();
  const tokens: string[] = [];
  for (const address of addresses) {
    const match = /^reply\+([^@\s]+)@(.+)$/i.exec(address.trim().replace(/^<|>$/g, ''));
    if (match && match[2]!.toLowerCase() === domain) tokens.push(match[1]!.toLowerCase());
  }
  return tokens;
}
