// The rule language shared by trigger conditions, template `audience:` and segments.
export type { Rule } from './ast.ts';
export { evaluateRule } from './evaluate.ts';
export type { RuleFacts } from './facts.ts';
export { parseRule, type ParseRuleOptions, type ParseRuleResult } from './parse.ts';
