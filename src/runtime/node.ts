// Node host: `npm start` (add `-- --demo` for demo data).
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { prepareLocalHost, startupBanner } from './local-host.ts';

const demo = process.argv.includes('--demo');
const local = await prepareLocalHost(process.env, 'node', {
  demo,
  exit: (code) => process.exit(code),
  socketAddress: (c) => getConnInfo(c).remote.address,
});
const stopScheduler = local.startScheduler();
const server = serve({ fetch: local.app.fetch, port: local.deps.config.port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  console.log(startupBanner(local, `http://localhost:${info.port}`));
});

function shutdown() {
  stopScheduler();
  server.close(() => {
    local.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
