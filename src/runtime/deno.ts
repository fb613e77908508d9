// Deno host: `npm run start:deno` (deno run … src/runtime/deno.ts [--demo]).
/// <reference lib="deno.ns" />
import process from 'node:process';
import { getConnInfo } from 'hono/deno';
import { prepareLocalHost, startupBanner } from './local-host.ts';

const local = await prepareLocalHost(process.env, 'deno', {
  demo: Deno.args.includes('--demo'),
  exit: (code) => Deno.exit(code),
  socketAddress: (c) => getConnInfo(c).remote.address,
});
const stopScheduler = local.startScheduler();
const server = Deno.serve(
  {
    port: local.deps.config.port,
    hostname: Deno.env.get('HOST') ?? '0.0.0.0',
    onListen: ({ port }) => console.log(startupBanner(local, `http://localhost:${port}`)),
  },
  local.app.fetch,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  Deno.addSignalListener(signal, async () => {
    stopScheduler();
    await server.shutdown();
    local.close();
    Deno.exit(0);
  });
}
