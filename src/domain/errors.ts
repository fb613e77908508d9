// Errors the product can name. Services throw (or return) these; src/http/errors.ts maps
// each name to one HTTP status and a user-facing message, in one place.
export type AppErrorName =
  | 'ValidationFailed'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'TooManyRequests'
  | 'PayloadTooLarge'
  | 'DatabaseUnavailable'
  | 'StorageUnavailable'
  | 'BlobMissing'
  | 'InboundDisabled'
  | 'SuppressedRecipient'
  | 'NoMarketingConsent'
  | 'FrequencyCapped'
  | 'NotInAudience'
  | 'PreflightFailed'
  | 'WarningsNotAcknowledged';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "attributes.plan"; "" for the whole input. */
  field: string;
  /** What was expected, in words. */
  message: string;
  /** The problem's name where a page words it in another language (`rule.operator`), and the values it quotes. */
  code?: string;
  params?: Record<string, string>;
}

export class AppError extends Error {
  override readonly name: AppErrorName;
  readonly issues: FieldIssue[];
  /** More of what went wrong, beside code and message in the error body (a pre-flight's findings). */
  readonly details: Record<string, unknown> | undefined;

  constructor(name: AppErrorName, message: string, issues: FieldIssue[] = [], details?: Record<string, unknown>) {
    super(message);
    this.name = name;
    this.issues = issues;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
