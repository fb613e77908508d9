// Small pieces the admin pages share: a time in the agent's zone, a size in their language, field
// problems shown next to their field and listed in a summary.
import type { FieldIssue } from '../../domain/errors.ts';
import { expectationText, fieldLabel } from './error-text.ts';
import type { Translate } from './i18n/catalog.ts';
import type { PageContext } from './layout.tsx';

/** A size in the agent's language: 1.5 MB, 1,5 MB. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** A time in the agent's language and zone, machine-readable in `datetime`. */
export function When(props: { page: PageContext; at: number }) {
  const text = new Intl.DateTimeFormat(props.page.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: props.page.timeZone,
  }).format(props.at);
  return <time datetime={new Date(props.at).toISOString()}>{text}</time>;
}

/** An id for a field's problem text (aria-describedby), from its name. */
export const problemId = (field: string) => `problem-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function fieldProblem(issues: readonly FieldIssue[], field: string): FieldIssue | undefined {
  return issues.find((i) => i.field === field);
}

/** A field's problem under it (what was expected, in the agent's language), for aria-describedby. */
export function FieldProblem(props: { issues: readonly FieldIssue[]; field: string; t: Translate }) {
  const issue = fieldProblem(props.issues, props.field);
  return issue ? (
    <span class="error field-problem" id={problemId(props.field)}>
      {expectationText(issue.message, props.t)}
    </span>
  ) : null;
}

/** Every problem, each naming its field: what to fix before saving again. */
export function ProblemSummary(props: { page: PageContext; issues: readonly FieldIssue[]; message?: string | undefined }) {
  if (props.issues.length === 0 && !props.message) return null;
  return (
    <div class="error problems" role="alert">
      <p>{props.message ?? props.page.t('contacts.fixProblems')}</p>
      <ul>
        {props.issues.map((i) => (
          <li>
            {i.field ? <>{fieldLabel(i.field, props.page.t)}: </> : null}
            {expectationText(i.message, props.page.t)}
          </li>
        ))}
      </ul>
    </div>
  );
}
