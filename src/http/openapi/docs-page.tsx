// GET /api/docs: the API reference, rendered on the server from the OpenAPI document (no scripts, no CDN).
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { Layout } from '../inbox/layout.tsx';
import { API_DOCS_PATH, OPENAPI_PATH, openApiDocument } from '../routes/api.ts';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  $ref?: string;
};
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Response = { description?: string; $ref?: string; content?: Record<string, { example?: unknown }> };
type OperationObject = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: unknown[];
  'x-samtal-admin-only'?: boolean;
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, Response>;
};
type Document = {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Response> };
};

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

/** The descriptions are CommonMark; only their `code spans` are rendered, the rest is plain text. */
function InlineCode({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function typeName(schema: Schema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeName).join(' | ');
  if (schema.type === 'array') return `array of ${schema.items ? typeName(schema.items) : 'any'}`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function notes(schema: Schema): string {
  const parts: string[] = [];
  const all = [schema, ...(schema.anyOf ?? [])];
  for (const s of all) {
    if (s.minLength !== undefined) parts.push(`at least ${count(s.minLength, 'character')}`);
    if (s.maxLength !== undefined) parts.push(`at most ${count(s.maxLength, 'character')}`);
    if (s.minItems !== undefined) parts.push(`at least ${count(s.minItems, 'item')}`);
    if (s.maxItems !== undefined) parts.push(`at most ${count(s.maxItems, 'item')}`);
    if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
    if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
    if (s.pattern !== undefined) parts.push(`matches ${s.pattern}`);
    if (s.description) parts.push(s.description);
  }
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join('; ');
}

/** A body's fields, nested ones by dotted name (`consent.marketing`, `recipients[].to`). */
export function bodyFields(schema: Schema, prefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    rows.push({ name: path, type: typeName(field), required: (schema.required ?? []).includes(name), notes: notes(field) });
    const object = [field, ...(field.anyOf ?? [])].find((s) => s.properties);
    if (object) rows.push(...bodyFields(object, `${path}.`));
    if (field.type === 'array' && field.items?.properties) rows.push(...bodyFields(field.items, `${path}[].`));
  }
  return rows;
}

function resolve<T>(doc: Document, value: T & { $ref?: string }): T {
  if (!value.$ref) return value;
  const [, , group, name] = value.$ref.split('/');
  return (doc.components as unknown as Record<string, Record<string, T>>)[group!]![name!]!;
}

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function FieldTable(props: { rows: FieldRow[]; caption: string }) {
  return (
    <table class="api-fields">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th>name</th>
          <th>type</th>
          <th>required</th>
          <th>notes</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <td>
              <code>{row.name}</code>
            </td>
            <td>
              <code>{row.type}</code>
            </td>
            <td>{row.required ? 'yes' : 'no'}</td>
            <td>{row.notes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OperationCard(props: { doc: Document; method: string; path: string; op: OperationObject }) {
  const { doc, op } = props;
  const params = op.parameters.map((p) => ({
    name: p.name,
    type: `${typeName(p.schema)} (${p.in})`,
    required: p.required,
    notes: [p.description, notes(p.schema)].filter(Boolean).join('; '),
  }));
  const [bodyType, body] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  const bodySchema = body ? resolve(doc, body.schema) : undefined;
  const access = op.security ? 'public' : op['x-samtal-admin-only'] ? 'admin key' : 'API key';
  return (
    <section class="card api-operation" id={op.operationId}>
      <h3>
        <span class={`api-method ${props.method}`}>{props.method.toUpperCase()}</span> <code>{props.path}</code>
        <span class="badge">{access}</span>
      </h3>
      <p>{op.summary}</p>
      {op.description ? (
        <p class="muted">
          <InlineCode text={op.description} />
        </p>
      ) : null}
      {params.length ? <FieldTable rows={params} caption="Parameters" /> : null}
      {body && bodySchema ? (
        <>
          {bodySchema.properties ? <FieldTable rows={bodyFields(bodySchema)} caption={`Body (${bodyType})`} /> : <h4>Body ({bodyType})</h4>}
          <details open>
            <summary>Example request body</summary>
            <pre class="api-example">{pretty(body.example)}</pre>
          </details>
        </>
      ) : null}
      <h4>Responses</h4>
      <ul class="api-responses">
        {Object.entries(op.responses).map(([status, ref]) => {
          const response = resolve(doc, ref);
          const [type, content] = Object.entries(response.content ?? {})[0] ?? [];
          return (
            <li>
              <strong>{status}</strong> {response.description}
              {type ? <span class="muted"> ({type})</span> : null}
              {content?.example !== undefined && !ref.$ref ? (
                <details>
                  <summary>Example</summary>
                  <pre class="api-example">{pretty(content.example)}</pre>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ApiDocsPage(props: { doc: Document }) {
  const { doc } = props;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags[0]!))];
  return (
    <Layout title="API reference" page={null} bodyClass="api-docs">
      <header class="card">
        <h1>
          {doc.info.title} <span class="muted">{doc.info.version}</span>
        </h1>
        <p>
          <InlineCode text={doc.info.description} />
        </p>
        <p>
          Machine-readable: <a href={OPENAPI_PATH}>{OPENAPI_PATH}</a> (OpenAPI 3.1).
        </p>
        <nav class="api-toc">
          {tags.map((tag) => (
            <a href={`#tag-${tag.replace(/\W+/g, '-')}`}>{tag}</a>
          ))}
        </nav>
      </header>
      {tags.map((tag) => (
        <section id={`tag-${tag.replace(/\W+/g, '-')}`}>
          <h2>{tag}</h2>
          {operations
            .filter((o) => o.op.tags[0] === tag)
            .map((o) => (
              <OperationCard doc={doc} method={o.method} path={o.path} op={o.op} />
            ))}
        </section>
      ))}
    </Layout>
  );
}

export const apiDocsRoutes = new Hono<AppEnv>().get(API_DOCS_PATH, (c) =>
  c.html(<ApiDocsPage doc={openApiDocument() as unknown as Document} />),
);
