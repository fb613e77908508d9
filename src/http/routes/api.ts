// /api/v1: the authenticated JSON API for scripts and integrations.
import { Hono } from 'hono';
import { requireApiKey } from '../api-auth.ts';
import type { AppEnv } from '../app.ts';
import { contactRoutes } from './contacts.ts';

export const apiRoutes = new Hono<AppEnv>();
apiRoutes.use('*', requireApiKey);
apiRoutes.route('/contacts', contactRoutes);
