// SHA-256 over bytes in place, fed in pieces. WebCrypto's digest() copies its whole input first
// (a 20 MiB message becomes 40), node:crypto's hash does not; it exists on Workers (nodejs_compat),
// Node and Deno alike.
import { createHash } from 'node:crypto';

export interface Sha256 {
  update(bytes: Uint8Array): Sha256;
  /** The digest as lowercase hex; the hasher cannot be used afterwards. */
  hex(): string;
}

export function sha256(): Sha256 {
  const hash = createHash('sha256');
  const hasher: Sha256 = {
    update(bytes) {
      hash.update(bytes);
      return hasher;
    },
    hex: () => hash.digest('hex'),
  };
  return hasher;
}

export function sha256HexOf(bytes: Uint8Array): string {
  return sha256().update(bytes).hex();
}
