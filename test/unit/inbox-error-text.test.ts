import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { parseRule } from '../../src/domain/rules/parse.ts';
import { errorText, expectationOf, fieldLabel, issueText } from '../../src/http/inbox/error-text.ts';
import { translator } from '../../src/http/inbox/i18n/catalog.ts';

const INBOX = 'src/http/inbox';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith('i18n') ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The inbox's own code, the edge validation it uses, and every service and domain module it reaches through imports. */
function inboxReachableFiles(): string[] {
  const seen = new Set<string>();
  const queue = [...sourceFiles(INBOX), 'src/http/validation.ts'];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const path = normalize(join(dirname(file), m[1] ?? ''));
      if (/^src\/(services|domain|http\/inbox\/(?!i18n)|http\/validation)/.test(path)) queue.push(path);
    }
  }
  return [...seen];
}

/** Every "expected …" message literal in those files, with `${…}` parts filled by a sample number. */
function fieldProblemMessages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of inboxReachableFiles()) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(['`])(expected (?:[^'`\\]|\\.)*)\1/g)) {
      const text = (m[2] ?? '').replace(/\\(.)/g, '$1');
      if (text.startsWith('expected ${')) continue; // built from a caller's words, e.g. `expected ${what}`
      found.set(text.replace(/\$\{[^}]*\}/g, '7'), file);
    }
  }
  return found;
}

describe('field problems in the agent language', () => {
  it('has a catalog message for every field problem the inbox can show', () => {
    const messages = fieldProblemMessages();
    expect(messages.size).toBeGreaterThan(150);
    const unknown = [...messages].filter(([message]) => expectationOf(message) === null).map(([m, file]) => `${file}: ${m}`);
    expect(unknown).toEqual([]);
  });

  it('says a length limit in Swedish, Hebrew and Chinese with the numbers kept', () => {
    const issue = { field: 'name', message: 'expected 1 to 100 characters' };
    expect(issueText(issue, translator('en'))).toBe('Name: 1 to 100 characters');
    expect(issueText(issue, translator('sv'))).toBe('Namn: 1 till 100 tecken');
    expect(issueText(issue, translator('he'))).toBe('שם: 1 עד 100 תווים');
    expect(issueText(issue, translator('zh'))).toBe('姓名：1 到 100 个字符');
  });

  it('lists the choices of a picklist without English joining words', () => {
    expect(issueText({ field: 'role', message: 'expected agent or admin' }, translator('sv'))).toBe(
      'Roll: ett av följande väntades: agent / admin',
    );
  });

  it('keeps an unknown message whole inside a translated sentence', () => {
    expect(issueText({ field: '', message: 'expected a blue moon' }, translator('sv'))).toBe('kontrollera värdet (expected a blue moon)');
  });

  it('names attribute rows and unknown fields as the form does', () => {
    const t = translator('sv');
    expect(fieldLabel('attributes[1].value', t)).toBe('Värde för attribut 2');
    expect(fieldLabel('hours_mon', t)).toBe('Måndag');
    expect(fieldLabel('mystery_field', t)).toBe('mystery_field');
  });

  it('renders a refusal by its code and issues, without the service message', () => {
    const error = new AppError('ValidationFailed', 'invalid API key name', [{ field: 'name', message: 'expected 1 to 100 characters' }]);
    expect(errorText(error, translator('zh'))).toBe('请检查表单：姓名：1 到 100 个字符');
    const conflict = new AppError('Conflict', 'an API key named "x" already exists', [
      { field: 'name', message: 'expected a name not used yet' },
    ]);
    expect(errorText(conflict, translator('sv'))).toBe(
      'Det krockar med något som redan finns: Namn: det här används redan: välj ett annat',
    );
    expect(errorText(new AppError('NoMarketingConsent', 'ana@example.com unsubscribed'), translator('en'))).toBe(
      'This contact has not agreed to get this mail.',
    );
  });
});

describe('rule problems in the agent language', () => {
  const problemsOf = (rule: unknown) => {
    const parsed = parseRule(rule, { allowEvent: false });
    if (parsed.ok) throw new Error('expected a refusal');
    return parsed.issues;
  };

  it('words a bad audience rule by its code, quoting only the rule itself', () => {
    const [operator] = problemsOf('attributes.city == "x"');
    expect(issueText(operator!, translator('sv'))).toBe('Regel: "==" efter "attributes.city" är ingen operator: skriv =');
    expect(issueText(operator!, translator('he'))).toBe('כלל: "==" אחרי "attributes.city" אינו אופרטור: כתבו =');
    expect(issueText(operator!, translator('zh'))).toBe('规则："attributes.city" 之后的 "==" 不是运算符：请写 =');
    // The API keeps its English message.
    expect(operator!.message).toBe('expected an operator after "attributes.city", found "==" (write =)');
  });

  it('says where the rule ended in the agent language', () => {
    const [list] = problemsOf('attributes.plan in');
    expect(issueText(list!, translator('sv'))).toBe('Regel: skriv en lista som ["a", "b"] efter "in" (hittade regelns slut)');
    expect(issueText(list!, translator('zh'))).toBe('规则：请在 "in" 之后写一个列表，例如 ["a", "b"]（实际为 规则的结尾）');
  });

  it('has no English left in any coded rule problem of the parser (Swedish, Hebrew, Chinese)', () => {
    const rules: unknown[] = [
      '   ',
      'attributes.a = 1 2',
      'contact.phone = "x"',
      'attributes.at > now - 30 days',
      'attributes.x = y',
      'contact.created_at contains "2026"',
      { all: [] },
      {},
      { city: 'x' },
      { consent: 'sms' },
      { event: 'o', cont: 2 },
    ];
    for (const locale of ['sv', 'he', 'zh'] as const) {
      for (const issue of rules.flatMap(problemsOf)) {
        const text = issueText(issue, translator(locale));
        expect(text, `${locale}: ${issue.message}`).not.toMatch(/\b(?:expected|found|unknown|after|write)\b/);
      }
    }
  });
});
