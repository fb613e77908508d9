// /api/v1: the authenticated JSON API for scripts and integrations (the key is checked in app.ts),
// and its OpenAPI description, built from the operations each route module declares.
import { Hono } from 'hono';
import { VERSION } from '../../config.ts';
import type { ApiEnv } from '../api-auth.ts';
import { buildOpenApiDocument } from '../openapi/document.ts';
import { mountedAt, type Operation } from '../openapi/operation.ts';
import { apiKeyOperations, apiKeyRoutes } from './api-keys.ts';
import { broadcastSendingOperations, broadcastSendingRoutes } from './broadcast-sending.ts';
import { broadcastOperations, broadcastRoutes } from './broadcasts.ts';
import { contactOperations, contactRoutes } from './contacts.ts';
import { devOutboxOperations, devOutboxRoutes } from './dev-outbox.ts';
import { eventOperations, eventRoutes } from './events.ts';
import { contactActivityOperations, contactActivityRoutes, triggerOperations, triggerRoutes } from './triggers.ts';
import { faqOperations, faqRoutes } from './faqs.ts';
import { messageOperations, messageRoutes } from './messages.ts';
import { segmentOperations, segmentRoutes } from './segments.ts';
import { topicOperations, topicRoutes } from './topics.ts';
import { reportOperations, reportRoutes } from './reports.ts';
import { contactPreferenceOperations, contactPreferenceRoutes } from './contact-preferences.ts';
import { inboundAdminOperations, inboundAdminRoutes } from './inbound-admin.ts';
import { attachmentOperations, attachmentRoutes, conversationOperations, conversationRoutes } from './conversations.ts';
import { conversationTagOperations, conversationTagRoutes } from './conversation-tags.ts';

export const API_PREFIX = '/api/v1';
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
export const API_DOCS_PATH = '/api/docs';

const metaOperations: Operation[] = [
  {
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    description: 'Public: it describes the API, not its data.',
    tag: 'Meta',
    access: 'public',
    responses: [{ status: 200, description: 'The document' }],
    errors: [],
  },
  {
    method: 'get',
    path: API_DOCS_PATH,
    operationId: 'getApiDocs',
    summary: 'The API reference as a web page',
    tag: 'Meta',
    access: 'public',
    responses: [{ status: 200, description: 'HTML', contentType: 'text/html' }],
    errors: [],
  },
];

export const apiOperations: Operation[] = [
  ...mountedAt(`${API_PREFIX}/contacts`, contactOperations),
  ...mountedAt(`${API_PREFIX}/contacts`, contactPreferenceOperations),
  ...mountedAt(`${API_PREFIX}/contacts`, contactActivityOperations),
  ...mountedAt(`${API_PREFIX}/triggers`, triggerOperations),
  ...mountedAt(`${API_PREFIX}/messages`, messageOperations),
  ...mountedAt(`${API_PREFIX}/events`, eventOperations),
  ...mountedAt(`${API_PREFIX}/segments`, segmentOperations),
  ...mountedAt(`${API_PREFIX}/topics`, topicOperations),
  ...mountedAt(`${API_PREFIX}/broadcasts`, broadcastOperations),
  ...mountedAt(`${API_PREFIX}/broadcasts`, broadcastSendingOperations),
  ...mountedAt(`${API_PREFIX}/reports`, reportOperations),
  ...mountedAt(`${API_PREFIX}/conversations`, conversationOperations),
  ...mountedAt(`${API_PREFIX}/conversations`, conversationTagOperations),
  ...mountedAt(`${API_PREFIX}/attachments`, attachmentOperations),
  ...mountedAt(`${API_PREFIX}/inbound`, inboundAdminOperations),
  ...mountedAt(`${API_PREFIX}/dev/outbox`, devOutboxOperations),
  ...mountedAt(`${API_PREFIX}/api-keys`, apiKeyOperations),
  ...mountedAt(`${API_PREFIX}/faqs`, faqOperations),
  ...metaOperations,
];

let document: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(apiOperations, {
    title: 'Samtal API',
    version: VERSION,
    description:
      'The JSON API for scripts and integrations. Every operation but this description takes `Authorization: Bearer <API key>`; ' +
      'errors are `{"error": {"code", "message", "issues": [{"field", "message"}]}}`.',
  });
  return document;
}

export const apiRoutes = new Hono<ApiEnv>()
  .get('/openapi.json', (c) => c.json(openApiDocument()))
  .route('/contacts', contactPreferenceRoutes)
  .route('/contacts', contactRoutes)
  .route('/contacts', contactActivityRoutes)
  .route('/triggers', triggerRoutes)
  .route('/messages', messageRoutes)
  .route('/events', eventRoutes)
  .route('/segments', segmentRoutes)
  .route('/topics', topicRoutes)
  .route('/broadcasts', broadcastRoutes)
  .route('/broadcasts', broadcastSendingRoutes)
  .route('/reports', reportRoutes)
  .route('/conversations', conversationRoutes)
  .route('/conversations', conversationTagRoutes)
  .route('/attachments', attachmentRoutes)
  .route('/inbound', inboundAdminRoutes)
  .route('/dev/outbox', devOutboxRoutes)
  .route('/api-keys', apiKeyRoutes)
  .route('/faqs', faqRoutes);
