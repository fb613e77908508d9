// /api/v1: the authenticated JSON API for scripts and integrations.
import { Hono } from 'hono';
import { requireApiKey, type ApiEnv } from '../api-auth.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { contactImportRoute, contactRoutes } from './contacts.ts';
import { devOutboxRoutes } from './dev-outbox.ts';
import { messageRoutes } from './messages.ts';
import { inboundAdminRoutes } from './inbound-admin.ts';
import { attachmentRoutes, conversationRoutes } from './conversations.ts';

export const apiRoutes = new Hono<ApiEnv>();
apiRoutes.use('*', requireApiKey);
apiRoutes.route('/contacts', contactImportRoute);
apiRoutes.route('/contacts', contactRoutes);
apiRoutes.route('/messages', messageRoutes);
apiRoutes.route('/conversations', conversationRoutes);
apiRoutes.route('/attachments', attachmentRoutes);
apiRoutes.route('/inbound', inboundAdminRoutes);
apiRoutes.route('/dev/outbox', devOutboxRoutes);
apiRoutes.route('/api-keys', apiKeyRoutes);
