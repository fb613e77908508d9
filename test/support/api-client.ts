// Calls the app in-process with an API key, the way a script would over HTTP.
import { createApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/services/createApiKey.ts';
import type { TestContext } from './test-deps.ts';

export interface ApiClient {
  key: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
  json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function apiClient(t: TestContext): Promise<ApiClient> {
  const { key } = await createApiKey(t.deps, `test-${Math.random()}`);
  const app = createApp(t.deps);
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    key,
    request,
    async json(method, path, body) {
      const res = await request(method, path, body);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}
