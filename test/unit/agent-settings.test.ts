import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_LENGTH, checkAgentSettings, signatureProblem } from '../../src/domain/inbox/agent-settings.ts';

const LOCALES = ['en', 'sv', 'he', 'zh'];

describe("an agent's own settings", () => {
  it('keeps a chosen language and IANA zone and a trimmed signature with \\n line endings; blanks are "not chosen"', () => {
    expect(checkAgentSettings({ locale: 'he', timeZone: ' Asia/Jerusalem ', signature: ' Ana\r\nAcme \r\n' }, LOCALES)).toEqual({
      settings: { locale: 'he', timeZone: 'Asia/Jerusalem', signature: 'Ana\nAcme' },
      issues: [],
    });
    expect(checkAgentSettings({ locale: '', timeZone: '', signature: '  ' }, LOCALES).settings).toEqual({
      locale: null,
      timeZone: null,
      signature: null,
    });
  });

  it('names every wrong field at once', () => {
    const checked = checkAgentSettings({ locale: 'fr', timeZone: 'Europe/Atlantis', signature: 'x'.repeat(501) }, LOCALES);
    expect(checked.settings).toBeNull();
    expect(checked.issues.map((i) => i.field)).toEqual(['locale', 'time_zone', 'signature']);
    expect(checked.issues[2]!.message).toContain('got 501');
  });

  it('takes a signature of exactly the limit, and refuses control and bidi override characters', () => {
    expect(signatureProblem('x'.repeat(MAX_SIGNATURE_LENGTH))).toBeNull();
    expect(signatureProblem('Ana\tBerg\nAcme')).toBeNull();
    expect(signatureProblem('Ana\u202eeviL')).toBe('control');
    expect(signatureProblem('Ana\u0007')).toBe('control');
    expect(signatureProblem('x'.repeat(MAX_SIGNATURE_LENGTH + 1))).toBe('tooLong');
  });
});
