// /api/v1/api-keys: admins list, create and revoke API keys. The secret is shown once, at creation.
import * as v from 'valibot';
import { API_KEY_ROLES } from '../../domain/vocabulary.ts';
import { apiKeyStatus, EXPIRY_DATE_EXPECTED, parseExpiryDate } from '../../domain/auth/api-key.ts';
import { listApiKeys, revokeApiKey } from '../../services/apiKeys.ts';
import { createApiKey } from '../../services/createApiKey.ts';
import type { ApiKeyRow } from '../../store/api-keys.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { iso } from '../presenters.ts';

const NAME_EXPECTED = 'expected 1 to 100 characters';

/** The fields of a new key, shared by this API and the inbox's API-keys page. */
export const API_KEY_FIELDS = {
  name: v.pipe(v.string('expected a name'), v.trim(), v.minLength(1, NAME_EXPECTED), v.maxLength(100, NAME_EXPECTED)),
  role: v.optional(v.picklist(API_KEY_ROLES, 'expected admin or standard'), 'standard'),
  expires_at: v.optional(
    v.nullable(
      v.pipe(
        v.string(EXPIRY_DATE_EXPECTED),
        v.check((text) => parseExpiryDate(text) !== null, EXPIRY_DATE_EXPECTED),
      ),
    ),
  ),
};

const CreateBody = v.strictObject(API_KEY_FIELDS, 'unknown field; expected name, role, expires_at');

function presentApiKey(key: ApiKeyRow, now: number) {
  const status = apiKeyStatus(key, now);
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    role: key.role,
    status,
    created_at: iso(key.createdAt),
    last_used_at: iso(key.lastUsedAt),
    expires_at: iso(key.expiresAt),
    revoked_at: iso(key.revokedAt),
  };
}

const API_KEY_EXAMPLE = {
  id: 'key_01jd8x6c1d2e3f4g5h6j7k8m9n',
  name: 'crm-sync',
  prefix: 'sk_3f9a',
  role: 'standard',
  status: 'active',
  created_at: '2026-11-23T09:00:00.000Z',
  last_used_at: null,
  expires_at: '2026-12-31T23:59:59.999Z',
  revoked_at: null,
};

export const { routes: apiKeyRoutes, operations: apiKeyOperations } = apiModule({ tag: 'API keys', access: 'admin' }, [
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'listApiKeys',
    summary: 'List API keys (never the secret)',
    responses: [{ status: 200, description: 'Every key with its status', example: { data: [API_KEY_EXAMPLE] } }],
    handle: async (c) => {
      const now = c.var.deps.clock.now();
      return c.json({ data: (await listApiKeys(c.var.deps)).map((key) => presentApiKey(key, now)) });
    },
  }),
  endpoint({
    method: 'post',
    path: '/',
    operationId: 'createApiKey',
    summary: 'Create an API key; the secret is in `key`, shown this once',
    body: {
      name: 'ApiKeyCreate',
      schema: CreateBody,
      example: { name: 'crm-sync', role: 'standard', expires_at: '2026-12-31' },
      what: 'API key',
    },
    responses: [{ status: 201, description: 'Created', example: { ...API_KEY_EXAMPLE, key: 'sk_3f9a…' } }],
    handle: async (c, { body }) => {
      const expiresAt = body.expires_at ? parseExpiryDate(body.expires_at) : null;
      const { row, key } = await createApiKey(c.var.deps, body.name, { role: body.role, expiresAt });
      return c.json({ ...presentApiKey(row, c.var.deps.clock.now()), key }, 201);
    },
  }),
  endpoint({
    method: 'delete',
    path: '/{id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; it answers 401 from the next request on',
    params: { id: 'the key id (key_…)' },
    responses: [
      {
        status: 200,
        description: 'The revoked key',
        example: { ...API_KEY_EXAMPLE, status: 'revoked', revoked_at: '2026-11-24T09:00:00.000Z' },
      },
    ],
    handle: async (c, { params }) => c.json(presentApiKey(await revokeApiKey(c.var.deps, params.id), c.var.deps.clock.now())),
  }),
]);
