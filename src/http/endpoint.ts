// One API operation declared once: the route (its body and query checked by valibot, then the handler) and its
// OpenAPI operation come from the same object, so the document states what the handler checks.
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { type ApiEnv, requireAdminKey } from './api-auth.ts';
import { readJson } from './json-body.ts';
import type { ErrorStatus, HttpMethod, Operation, OperationResponse } from './openapi/operation.ts';
import { parseOrThrow } from './validation.ts';

type Schema = v.GenericSchema;
type Output<S> = S extends Schema ? v.InferOutput<S> : undefined;

/** The parameter names in an OpenAPI path: `/{id}/tags` has `id` (a path known only as a string, any name). */
export type PathParams<P extends string> = string extends P ? string : Names<P>;
type Names<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | Names<Rest> : never;

export interface EndpointInput<P extends string, B, Q> {
  params: Record<PathParams<P>, string>;
  body: Output<B>;
  query: Output<Q>;
}

/** A JSON body: read, checked by `schema`, and described by it; `what` names it in errors ("invalid segment: …"). */
export interface JsonBody<B extends Schema> {
  name: string;
  schema: B;
  example: unknown;
  what: string;
  /** Array positions in field names as events[3].name instead of events.3.name. */
  brackets?: boolean;
}

/** A body the handler streams itself (CSV), described by its content type and example only. */
export interface RawBody {
  name: string;
  contentType: string;
  example: string;
}

export interface EndpointSpec<P extends string, B extends Schema | undefined, Q extends Schema | undefined> {
  method: HttpMethod;
  /** OpenAPI style, relative to where the module is mounted: `/`, `/{id}`, `/{id}/reprocess`. */
  path: P;
  /** The Hono path, where `path` is not enough (a pattern such as `/:file{[A-Za-z0-9_]+\\.eml}`). */
  route?: string;
  operationId: string;
  summary: string;
  description?: string;
  params?: Record<PathParams<P>, string>;
  query?: Q;
  body?: JsonBody<NonNullable<B>>;
  rawBody?: RawBody;
  responses: OperationResponse[];
  /** Statuses besides those the shape implies: 400 for a body or query, 413 for a body, 404 for a path parameter. */
  errors?: ErrorStatus[];
  handle(c: Context<ApiEnv>, input: EndpointInput<P, B, Q>): Response | Promise<Response>;
}

export interface Endpoint {
  operation: Omit<Operation, 'tag'>;
  route: string;
  handler(c: Context<ApiEnv>): Promise<Response>;
}

function impliedErrors(spec: { path: string; body?: unknown; rawBody?: unknown; query?: unknown }): ErrorStatus[] {
  const hasBody = spec.body !== undefined || spec.rawBody !== undefined;
  return [
    ...(hasBody || spec.query !== undefined ? [400 as const] : []),
    ...(spec.path.includes('{') ? [404 as const] : []),
    ...(hasBody ? [413 as const] : []),
  ];
}

const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

export function endpoint<P extends string, B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined>(
  spec: EndpointSpec<P, B, Q>,
): Endpoint {
  const { handle, route, body, rawBody, query, errors = [], ...described } = spec;
  const operation: Omit<Operation, 'tag'> = {
    ...described,
    ...(query ? { query } : {}),
    ...(body ? { body: { name: body.name, schema: body.schema, example: body.example } } : {}),
    ...(rawBody ? { body: { ...rawBody, schema: v.string() } } : {}),
    errors: [...new Set([...impliedErrors(spec), ...errors])].sort(),
  };
  return {
    operation,
    route: route ?? honoPath(spec.path),
    async handler(c) {
      const input = {
        params: c.req.param(),
        body: body ? parseOrThrow(body.schema, await readJson(c), body.what, { brackets: body.brackets }) : undefined,
        query: query ? parseOrThrow(query, c.req.query(), 'query') : undefined,
      };
      return handle(c, input as EndpointInput<P, B, Q>);
    },
  };
}

export interface ApiModule {
  routes: Hono<ApiEnv>;
  operations: Operation[];
}

/**
 * The routes and operations of one module, in the order given (the document's order). `access: 'admin'` keeps every
 * path of the module, matched or not, to admin keys (403 for standard keys) and says so in the document.
 */
export function apiModule(options: { tag: string; access?: 'admin' }, endpoints: Endpoint[]): ApiModule {
  const routes = new Hono<ApiEnv>();
  if (options.access === 'admin') routes.use('*', requireAdminKey);
  for (const e of endpoints) routes.on(e.operation.method.toUpperCase(), e.route, e.handler);
  const access = options.access ? { access: options.access } : {};
  return { routes, operations: endpoints.map((e) => ({ ...e.operation, tag: options.tag, ...access })) };
}
