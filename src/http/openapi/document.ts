// The OpenAPI 3.1 document, generated from the operations the API route modules declare and the
// valibot schemas their handlers validate with (converted by @valibot/to-json-schema).
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { STATUS_BY_ERROR } from '../errors.ts';
import type { ErrorStatus, Operation } from './operation.ts';

type JsonObject = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Bad input: `issues` names each field and what was expected',
  401: 'No API key, or a wrong, revoked or expired one',
  403: 'This API key may not do this (admin keys only)',
  404: 'Nothing with this id',
  409: 'Conflicts with the current state',
  413: 'The request body is over its limit (the message names it)',
  422: 'Understood but refused (e.g. SuppressedRecipient, NoMarketingConsent, FrequencyCapped, NotInAudience)',
  429: 'Too many requests',
  503: 'The database (or inbound processing) is unavailable; try again',
};

const ERROR_CODES = [...new Set([...Object.keys(STATUS_BY_ERROR), 'InternalError'])];

const ERROR_SCHEMA: JsonObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ERROR_CODES },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: {
              field: { type: 'string', description: 'dot path of the field; empty for the whole body' },
              message: { type: 'string' },
              code: { type: 'string', description: 'the problem by name, where one is given (rule problems: rule.operator, …)' },
              params: {
                type: 'object',
                additionalProperties: { type: 'string' },
                description: 'the values the problem quotes, by name (with code)',
              },
            },
          },
        },
      },
    },
  },
};

const ERROR_EXAMPLE = {
  error: {
    code: 'ValidationFailed',
    message: 'invalid contact: email: expected an email address',
    issues: [{ field: 'email', message: 'expected an email address' }],
  },
};

/**
 * The input side of a schema (what a client sends), as JSON Schema 2020-12. Checks that JSON
 * Schema cannot say (v.check, v.custom) are left out; their messages still come back as issues.
 */
export function inputJsonSchema(schema: v.GenericSchema): JsonObject {
  const converted = toJsonSchema(schema, {
    target: 'draft-2020-12',
    typeMode: 'input',
    errorMode: 'ignore',
    ignoreActions: ['trim', 'to_lower_case', 'check', 'raw_check'],
    overrideSchema: ({ valibotSchema }) => (valibotSchema.type === 'custom' ? { type: 'object', description: 'a JSON object' } : null),
  });
  const { $schema: _drop, ...rest } = converted as JsonSchema & JsonObject;
  return rest;
}

function queryParameters(schema: v.GenericSchema): JsonObject[] {
  const json = inputJsonSchema(schema) as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: (json.required ?? []).includes(name),
    schema: property,
  }));
}

function pathParameters(op: Operation): JsonObject[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(op.params?.[name!] ? { description: op.params[name!] } : {}),
  }));
}

function errorStatuses(op: Operation): ErrorStatus[] {
  const implied: ErrorStatus[] = op.access === 'public' ? [] : op.access === 'admin' ? [401, 403] : [401];
  return [...new Set([...op.errors, ...implied])].sort();
}

function operationObject(op: Operation): JsonObject {
  const responses: JsonObject = {};
  // One status may answer in several media types (JSON, or CSV with `Accept: text/csv`): one response, each type in
  // its content.
  for (const r of op.responses) {
    const type = r.contentType ?? 'application/json';
    const content =
      r.example !== undefined || type !== 'application/json' ? { [type]: r.example !== undefined ? { example: r.example } : {} } : {};
    const earlier = responses[String(r.status)] as { description: string; content?: JsonObject } | undefined;
    const merged = { ...earlier?.content, ...content };
    responses[String(r.status)] = {
      description: earlier ? `${earlier.description}; or ${r.description.charAt(0).toLowerCase()}${r.description.slice(1)}` : r.description,
      ...(Object.keys(merged).length > 0 ? { content: merged } : {}),
    };
  }
  for (const status of errorStatuses(op)) responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  const body = op.body;
  const bodyType = body?.contentType ?? 'application/json';
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(op.access === 'public' ? { security: [] } : {}),
    ...(op.access === 'admin' ? { 'x-samtal-admin-only': true } : {}),
    parameters: [...pathParameters(op), ...(op.query ? queryParameters(op.query) : [])],
    ...(body
      ? {
          requestBody: {
            required: true,
            content: {
              [bodyType]:
                bodyType === 'application/json'
                  ? { schema: { $ref: `#/components/schemas/${body.name}` }, example: body.example }
                  : { schema: { type: 'string' }, example: body.example },
            },
          },
        }
      : {}),
    responses,
  };
}

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

export function buildOpenApiDocument(operations: Operation[], info: DocumentInfo): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const schemas: Record<string, JsonObject> = { Error: ERROR_SCHEMA };
  const tags = [...new Set(operations.map((op) => op.tag))];
  for (const op of operations) {
    paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
    if (op.body && (op.body.contentType ?? 'application/json') === 'application/json')
      schemas[op.body.name] = inputJsonSchema(op.body.schema);
  }
  const used = [...new Set(operations.flatMap(errorStatuses))].sort();
  const responses = Object.fromEntries(
    used.map((status) => [
      `Error${status}`,
      {
        description: ERROR_DESCRIPTIONS[status],
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/Error' }, ...(status === 400 ? { example: ERROR_EXAMPLE } : {}) },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key> (see `samtal api-key create`)' },
      },
    },
  };
}
