// What an API route module says about each of its operations (made by endpoint(), src/http/endpoint.ts, where the
// route is declared); the OpenAPI document is built from these.
import type * as v from 'valibot';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** A status an operation can answer with besides its successes; each is the error envelope. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export interface OperationResponse {
  status: number;
  description: string;
  /** Defaults to application/json. */
  contentType?: string;
  example?: unknown;
}

export interface OperationBody {
  /** The components/schemas name of the valibot schema the route validates with. */
  name: string;
  schema: v.GenericSchema;
  example: unknown;
  /** Defaults to application/json; a non-JSON body (CSV) is described by its example only. */
  contentType?: string;
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI style, relative to where the module is mounted: `/`, `/{id}`, `/{id}/reprocess`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** `public`: no API key; `admin`: an admin key (403 for standard keys); default: any API key. */
  access?: 'public' | 'admin';
  params?: Record<string, string>;
  query?: v.GenericSchema;
  body?: OperationBody;
  responses: OperationResponse[];
  errors: ErrorStatus[];
}

/** The module's operations as seen from the prefix it is mounted at. */
export function mountedAt(prefix: string, operations: Operation[]): Operation[] {
  return operations.map((op) => ({ ...op, path: op.path === '/' ? prefix : `${prefix}${op.path}` }));
}

/** A Hono route path (`/api/v1/contacts/:id`, `/:file{[a-z]+\.eml}`) in OpenAPI form (`/api/v1/contacts/{id}`). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g, '{$1}').replace(/(.)\/$/, '$1');
}
