// The address a request came from, for per-client limits. Each host says where it comes from:
// Workers take CF-Connecting-IP (set by Cloudflare, never the client's own), Node and Deno the
// socket. Headers a client can send are believed only behind a reverse proxy (TRUST_PROXY=true).
import type { Context } from 'hono';

export type ClientAddress = (c: Context) => string | undefined;

/** The hop a trusted proxy added: the last X-Forwarded-For entry, else its X-Real-IP. */
export function proxiedAddress(c: Context): string | undefined {
  const forwarded = c.req
    .header('x-forwarded-for')
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? c.req.header('x-real-ip')?.trim() ?? undefined;
}

/** The socket's address, or the proxy's word for it when the operator trusts the proxy. */
export function localHostClientAddress(socketAddress: ClientAddress, trustProxy: boolean): ClientAddress {
  return trustProxy ? (c) => proxiedAddress(c) ?? socketAddress(c) : socketAddress;
}
