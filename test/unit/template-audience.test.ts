// A template's `audience:` front matter: a rule of the rule language, checked with file:line, the same in every
// locale, and exposed on the set (templateAudience).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTemplateSet, formatProblems, templateAudience, type TemplateFile } from '../../src/domain/outbound/templates/set.ts';
import { parseFrontMatter } from '../../src/domain/outbound/templates/front-matter.ts';
import { evaluateRule } from '../../src/domain/rules/evaluate.ts';
import type { RuleFacts } from '../../src/domain/rules/facts.ts';
import { readTemplateFiles } from '../../src/mail/template-files.ts';

function file(path: string, audience: string): TemplateFile {
  const source = `---\nsubject: Hi\ncategory: marketing\n${audience}---\nHello\n\n{{ unsubscribe_url }}\n`;
  return { path, source };
}

function facts(attributes: Record<string, unknown>): RuleFacts {
  return {
    contact: { email: 'a@example.com', name: null, locale: null, timezone: null, createdAt: 0, attributes, marketingConsent: 'unknown' },
    events: [],
    messages: [],
    topics: [],
  } as unknown as RuleFacts;
}

describe('audience in the front matter', () => {
  it('parses a condition and a map into a rule', () => {
    const youth = parseFrontMatter("subject: Hi\ncategory: marketing\naudience: 'attributes.age < 26'");
    expect(youth.problems).toEqual([]);
    expect(youth.value?.audience?.text).toBe('attributes.age < 26');
    expect(youth.value?.audienceLine).toBe(4);
    const rule = youth.value!.audience!.rule;
    expect(evaluateRule(rule, facts({ age: 19 }), 0)).toBe(true);
    expect(evaluateRule(rule, facts({ age: '42' }), 0)).toBe(false);

    const ski = parseFrontMatter('subject: Hi\ncategory: marketing\naudience:\n  not: \'attributes.interests contains "ski"\'');
    expect(ski.problems).toEqual([]);
    expect(ski.value?.audience?.text).toBe('{"not":"attributes.interests contains \\"ski\\""}');
    expect(evaluateRule(ski.value!.audience!.rule, facts({ interests: ['ski', 'golf'] }), 0)).toBe(false);
    expect(evaluateRule(ski.value!.audience!.rule, facts({ interests: ['golf'] }), 0)).toBe(true);
  });

  it('is optional: no audience means anyone', () => {
    const { set, problems } = buildTemplateSet([file('plain/en.liquid', '')]);
    expect(problems).toEqual([]);
    expect(templateAudience(set, 'plain')).toBeNull();
  });

  it('reports a bad rule with its file and line, and leaves the locale out', () => {
    const { set, problems } = buildTemplateSet([
      file('bad/en.liquid', "audience: 'attributes.age <<< 26'\n"),
      file('bad/sv.liquid', 'topic: offers\naudience: \'event.name = "x"\'\n'),
    ]);
    const text = formatProblems(problems);
    expect(text).toMatch(/^bad\/en\.liquid:4: front matter: audience: /m);
    expect(text).toMatch(/^bad\/sv\.liquid:5: front matter: audience: .*event/m);
    expect(set.has('bad')).toBe(false);
  });

  it('must agree across locales', () => {
    const { set, problems } = buildTemplateSet([
      file('youth/en.liquid', "audience: 'attributes.age < 26'\n"),
      file('youth/sv.liquid', 'audience: "attributes.age < 26"\n'),
      file('youth/he.liquid', "audience: 'attributes.age < 30'\n"),
      file('youth/zh.liquid', ''),
    ]);
    expect(formatProblems(problems)).toBe(
      [
        'youth/he.liquid:4: audience "attributes.age < 30" differs from "attributes.age < 26" in youth/en.liquid; ' +
          'all locales of a template must agree',
        'youth/zh.liquid:1: audience none differs from "attributes.age < 26" in youth/en.liquid; all locales of a template must agree',
      ].join('\n'),
    );
    expect(set.locales('youth')).toEqual(['en', 'sv']);
    expect(templateAudience(set, 'youth')?.text).toBe('attributes.age < 26');
  });

  it('is set on the shipped examples', async () => {
    const files = await readTemplateFiles(fileURLToPath(new URL('../../templates/', import.meta.url)));
    const { set } = buildTemplateSet(files);
    expect(templateAudience(set, 'youth_offer')?.text).toBe('attributes.age < 26');
    expect(set.locales('youth_offer')).toEqual(['en', 'he', 'sv', 'zh']);
    expect(set.locales('ski_week')).toEqual(['en', 'he', 'sv', 'zh']);
    expect(templateAudience(set, 'birthday')).toBeNull();
  });
});
