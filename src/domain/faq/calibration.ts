// From a lexical match to a probability: logistic regression over a few features of the match.
//   score             BM25+ score of the entry (best example question + answer), as log(1 + score)
//   margin            (score − best rival's score) / score, in −1..1: how clearly this entry wins
//   questionCoverage  the largest share of one example question's terms found in the message (IDF-weighted)
//   queryCoverage     the share of the message's terms this entry matched (long messages about more: low)
//   languageMatch     1 when the entry has example questions in the message's language
//   matched           log(1 + distinct message terms the entry matched)
//   unmatched         log(1 + distinct message terms it did not match): words about something else
// The constants below are fitted by `npx tsx scripts/fit-faq-calibration.ts` (it prints a new block to paste
// here): maximum likelihood with L2 regularization on the messages of the FAQ sets in test/fixtures/corpora
// (faq-dev and faq-banking77), label 1 when the top entry is the expected one. The script also reports
// precision and coverage on a held-out half, fitted on the other half.
import type { MatchFeatures } from './lexical-scorer.ts';

export interface Calibration {
  bias: number;
  weights: Readonly<Record<FeatureName, number>>;
}

export const FEATURE_NAMES = ['score', 'margin', 'questionCoverage', 'queryCoverage', 'languageMatch', 'matched', 'unmatched'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export function featureVector(f: MatchFeatures): Record<FeatureName, number> {
  return {
    score: Math.log1p(f.score),
    margin: f.margin,
    questionCoverage: f.questionCoverage,
    queryCoverage: f.queryCoverage,
    languageMatch: f.languageMatch,
    matched: Math.log1p(f.queryTerms - f.unmatchedTerms),
    unmatched: Math.log1p(f.unmatchedTerms),
  };
}

export function confidenceOf(f: MatchFeatures, calibration: Calibration): number {
  const x = featureVector(f);
  let z = calibration.bias;
  for (const name of FEATURE_NAMES) z += calibration.weights[name] * x[name];
  return 1 / (1 + Math.exp(-z));
}

// Fitted 2026-12-01 by scripts/fit-faq-calibration.ts on test/fixtures/corpora/faq-dev and faq-banking77.
export const LEXICAL_CALIBRATION: Calibration = {
  bias: -3.627,
  weights: {
    score: 1.331,
    margin: 1.666,
    questionCoverage: 1.622,
    queryCoverage: 0.585,
    languageMatch: -0.301,
    matched: -1.24,
    unmatched: 0.265,
  },
};
