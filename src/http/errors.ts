// The one place where named errors become HTTP statuses and JSON bodies.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, AppErrorName, FieldIssue } from '../domain/errors.ts';

export const STATUS_BY_ERROR: Record<AppErrorName, ContentfulStatusCode> = {
  ValidationFailed: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  TooManyRequests: 429,
  PayloadTooLarge: 413,
  SuppressedRecipient: 422,
  NoMarketingConsent: 422,
  FrequencyCapped: 422,
  NotInAudience: 422,
  PreflightFailed: 422,
  WarningsNotAcknowledged: 422,
  DatabaseUnavailable: 503,
  StorageUnavailable: 503,
  // Data the database points at is gone: not the client's fault, and not passing.
  BlobMissing: 500,
  InboundDisabled: 503,
};

export interface ErrorBody {
  error: { code: AppErrorName | 'InternalError'; message: string; issues?: FieldIssue[]; [detail: string]: unknown };
}

export function errorBody(error: AppError): ErrorBody {
  return {
    error: {
      code: error.name,
      message: error.message,
      ...error.details,
      ...(error.issues.length ? { issues: error.issues } : {}),
    },
  };
}

export function respondWithError(c: Context, error: AppError): Response {
  const response = c.json(errorBody(error), STATUS_BY_ERROR[error.name]);
  if (error.name === 'Unauthorized') response.headers.set('WWW-Authenticate', 'Bearer');
  return response;
}
