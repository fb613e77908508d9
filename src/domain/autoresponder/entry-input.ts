// What an FAQ entry may look like coming in (API, inbox form, FAQ file): one schema, clear messages.
import * as v from 'valibot';
import { canonicalLocale, isBcp47 } from '../people/contact-input.ts';
import { FAQ_ENTRY_MODES } from '../vocabulary.ts';
import { answerProblem } from './answer.ts';

export const FAQ_ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/i;

export const FaqIdField = v.pipe(
  v.string('expected an id'),
  v.trim(),
  v.regex(FAQ_ID_PATTERN, 'expected an id of 1 to 64 letters, digits, ".", "_" or "-" (like cancel-reschedule)'),
);

const MAX_QUESTIONS = 100;
const MAX_QUESTION = 1000;
const MAX_ANSWER = 20_000;

/** Object keys are locales: checked and canonicalized ("zh-hant" → "zh-Hant"); an empty map is refused. */
function perLocale<TValue extends v.GenericSchema>(value: TValue, what: string) {
  return v.pipe(
    v.record(
      v.pipe(v.string(), v.check(isBcp47, 'expected a BCP 47 language tag like sv, en, he or zh as key')),
      value,
      `expected ${what}`,
    ),
    v.transform((map) => Object.fromEntries(Object.entries(map).map(([locale, x]) => [canonicalLocale(locale), x])) as typeof map),
  );
}

const QuestionList = v.pipe(
  v.array(
    v.pipe(v.string('expected a question'), v.trim(), v.minLength(1, 'expected a question, not empty text'), v.maxLength(MAX_QUESTION)),
    'expected a list of questions',
  ),
  v.maxLength(MAX_QUESTIONS, `expected at most ${MAX_QUESTIONS} questions per locale`),
);

const AnswerText = v.pipe(
  v.string('expected the answer text'),
  v.trim(),
  v.minLength(1, 'expected an answer, not empty text'),
  v.maxLength(MAX_ANSWER, `expected at most ${MAX_ANSWER} characters`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = answerProblem(dataset.value);
    if (problem) addIssue({ message: `expected valid Liquid: line ${problem.line}: ${problem.message}` });
  }),
);

export const QuestionsField = perLocale(QuestionList, 'questions per locale, like {"sv": ["Hur avbokar jag?"]}');
export const AnswersField = v.pipe(
  perLocale(AnswerText, 'an answer per locale, like {"sv": "Du avbokar …"}'),
  v.check((map) => Object.keys(map).length > 0, 'expected an answer in at least one locale'),
);
const TagsField = v.pipe(
  v.array(
    v.pipe(v.string('expected a tag'), v.trim(), v.regex(/^[^\p{Cc},]{1,40}$/u, 'expected a tag of 1 to 40 characters')),
    'expected a list of tags',
  ),
  v.maxLength(20, 'expected at most 20 tags'),
  v.transform((tags) => [...new Set(tags)]),
);
const ModeField = v.picklist(FAQ_ENTRY_MODES, 'expected auto or suggest');

export const FaqEntryCreateSchema = v.strictObject(
  {
    id: v.optional(FaqIdField),
    questions: v.optional(QuestionsField, {}),
    answers: AnswersField,
    mode: v.optional(ModeField, 'auto'),
    tags: v.optional(TagsField, []),
    enabled: v.optional(v.boolean('expected true or false'), true),
  },
  'unknown field; expected id, questions, answers, mode, tags, enabled',
);
export type FaqEntryCreate = v.InferOutput<typeof FaqEntryCreateSchema>;

/** A change: given fields replace the stored ones; in questions and answers a locale set to null is removed. */
export const FaqEntryUpdateSchema = v.strictObject(
  {
    questions: v.optional(perLocale(v.nullable(QuestionList), 'questions per locale (null removes a locale)')),
    answers: v.optional(perLocale(v.nullable(AnswerText), 'an answer per locale (null removes a locale)')),
    mode: v.optional(ModeField),
    tags: v.optional(TagsField),
    enabled: v.optional(v.boolean('expected true or false')),
  },
  'unknown field; expected questions, answers, mode, tags, enabled',
);
export type FaqEntryUpdate = v.InferOutput<typeof FaqEntryUpdateSchema>;

/** Applies per-locale changes: a value replaces the locale's, null removes it. */
export function mergeLocales<T>(stored: Record<string, T>, change: Record<string, T | null> | undefined): Record<string, T> {
  if (!change) return stored;
  const out = { ...stored };
  for (const [locale, value] of Object.entries(change)) {
    if (value === null) delete out[locale];
    else out[locale] = value;
  }
  return out;
}
