// The five endpoints of a collection of one kind of row (list, create, get, update, delete), each declared with its
// words for the document and the service call it makes; the row is presented the same way by all of them.
import type * as v from 'valibot';
import type { Deps } from '../deps.ts';
import { type Endpoint, endpoint } from './endpoint.ts';
import type { ErrorStatus } from './openapi/operation.ts';

type Schema = v.GenericSchema;

interface Described {
  operationId: string;
  summary: string;
  description?: string;
  /** What the success response is, e.g. "The segment as saved". */
  answer: string;
  /** Errors besides those implied by the endpoint's shape (endpoint.ts). */
  errors?: ErrorStatus[];
}

interface WithBody<B extends Schema> extends Described {
  body: { name: string; schema: B; example: unknown };
  /** The success response's example; the resource's example by default. */
  example?: unknown;
}

export interface Resource<Row> {
  /** Names the body in errors ("invalid segment: …"). */
  what: string;
  /** The path parameter naming one row, and what it is ("the segment id (seg_…)"). */
  id: { name: string; description: string };
  present(row: Row): unknown;
  /** One row as presented. */
  example: unknown;
}

export function crud<Row>(resource: Resource<Row>) {
  const one = `/{${resource.id.name}}`;
  const params = { [resource.id.name]: resource.id.description };
  const idOf = (input: { params: Record<string, string> }) => input.params[resource.id.name]!;
  const jsonBody = <B extends Schema>(body: WithBody<B>['body']) => ({ ...body, what: resource.what });

  return {
    list: (spec: Described & { run(deps: Deps): Promise<Row[]> }): Endpoint =>
      endpoint({
        ...described(spec),
        method: 'get',
        path: '/',
        responses: [{ status: 200, description: spec.answer, example: { data: [resource.example] } }],
        handle: async (c) => c.json({ data: (await spec.run(c.var.deps)).map(resource.present) }),
      }),

    create: <B extends Schema>(spec: WithBody<B> & { run(deps: Deps, body: v.InferOutput<B>): Promise<Row> }): Endpoint =>
      endpoint<'/', B>({
        ...described(spec),
        method: 'post',
        path: '/',
        body: jsonBody(spec.body),
        responses: [{ status: 201, description: spec.answer, example: spec.example ?? resource.example }],
        handle: async (c, input) => c.json(resource.present(await spec.run(c.var.deps, input.body)), 201),
      }),

    get: (spec: Described & { run(deps: Deps, id: string): Promise<Row> }): Endpoint =>
      endpoint({
        ...described(spec),
        method: 'get',
        path: one,
        params,
        responses: [{ status: 200, description: spec.answer, example: resource.example }],
        handle: async (c, input) => c.json(resource.present(await spec.run(c.var.deps, idOf(input)))),
      }),

    update: <B extends Schema>(spec: WithBody<B> & { run(deps: Deps, id: string, body: v.InferOutput<B>): Promise<Row> }): Endpoint =>
      endpoint<string, B>({
        ...described(spec),
        method: 'patch',
        path: one,
        params,
        body: jsonBody(spec.body),
        responses: [{ status: 200, description: spec.answer, example: spec.example ?? resource.example }],
        handle: async (c, input) => c.json(resource.present(await spec.run(c.var.deps, idOf(input), input.body))),
      }),

    remove: (spec: Described & { run(deps: Deps, id: string): Promise<unknown> }): Endpoint =>
      endpoint({
        ...described(spec),
        method: 'delete',
        path: one,
        params,
        responses: [{ status: 204, description: spec.answer }],
        handle: async (c, input) => {
          await spec.run(c.var.deps, idOf(input));
          return c.body(null, 204);
        },
      }),
  };
}

function described(spec: Described) {
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.errors ? { errors: spec.errors } : {}),
  };
}
