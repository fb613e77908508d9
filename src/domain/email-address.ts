// Addresses are compared and stored in one normal form: trimmed and lower-cased.
// (Local parts are case-sensitive in theory; no real mailbox provider treats them so.)
export function normalizeEmail(address: string): string {
  return address.trim().replace(/^<|>$/g, '').toLowerCase();
}

const SIMPLE_ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function isEmailAddress(value: string): boolean {
  return SIMPLE_ADDRESS.test(value.trim());
}

/** Parses `Name <addr@host>` or `addr@host`. */
export function parseMailbox(value: string): { name: string | null; address: string } | null {
  const trimmed = value.trim();
  const angle = /^(.*)<([^<>]+)>$/.exec(trimmed);
  if (angle) {
    const address = angle[2]!.trim();
    const name = angle[1]!.trim().replace(/^"(.*)"$/, '$1').trim();
    return isEmailAddress(address) ? { name: name || null, address } : null;
  }
  return isEmailAddress(trimmed) ? { name: null, address: trimmed } : null;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
