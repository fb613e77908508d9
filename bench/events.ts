// Events: POST /api/v1/events/batch throughput on embedded libSQL, through the service with validated input
// (valibot parse, contact upsert with attribute merge, one atomic batch of multi-row inserts per 1000 events).
// Run: npx tsx bench/events.ts [batches]. Prints events per second (the target is at least 5,000) and the CPU time
// per 1000 events.
import * as v from 'valibot';
import { EventBatchSchema } from '../src/domain/events/event-input.ts';
import { trackEvents } from '../src/services/trackEvents.ts';
import { createBenchContext } from './deps.ts';
import { now, round } from './stats.ts';

const BATCH = 1000;
const CONTACTS = 5000;

async function main() {
  const batches = Number(process.argv[2] ?? 30);
  const ctx = await createBenchContext({ seed: 7 });
  try {
    let n = 0;
    const body = () => ({
      events: Array.from({ length: BATCH }, () => {
        const i = n++;
        return {
          name: 'page_viewed',
          contact: { email: `user${(i * 7919) % CONTACTS}@example.com`, attributes: { last_page: `/p/${i % 40}`, views: i } },
          properties: { path: `/p/${i % 40}`, referrer: 'https://search.example/', n: i },
          idempotency_key: `view-${i}`,
        };
      }),
    });
    const field = (index: number, name: string) => `events[${index}].${name}`;
    const started = now();
    const cpu = process.cpuUsage();
    for (let b = 0; b < batches; b++) {
      const { events } = v.parse(EventBatchSchema, JSON.parse(JSON.stringify(body())));
      await trackEvents(ctx.deps, events, field);
    }
    const seconds = (now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const stored = Number((await ctx.client.execute('select count(*) as n from events')).rows[0]!.n);
    console.log(`events: ${stored} stored in ${round(seconds, 2)} s = ${Math.round(stored / seconds)} events/s (batches of ${BATCH})`);
    // Wall time on a loaded machine also waits for a core; the process's CPU time per 1000 events does not.
    console.log(`events: CPU ${round((used.user + used.system) / 1000 / (stored / 1000), 1)} ms per 1000 events`);
  } finally {
    ctx.close();
  }
}

await main();
