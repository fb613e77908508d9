// npx tsx bench/outbound-alone.ts [--recipients N] [--broadcast N] [--cap SECONDS] [--deliver N] [--profile]
//
// The outbound section of bench/run.ts on its own, on an empty database (no inbox data set), for
// quick profile-led iterations; bench/run.ts gives the figures of record.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchContext } from './deps.ts';
import { runOutbound } from './outbound.ts';
import { formatProfile } from './profile.ts';
import { DEFAULT_SEED } from './random.ts';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '20000' },
    broadcast: { type: 'string' },
    cap: { type: 'string', default: '20' },
    deliver: { type: 'string', default: '1000' },
    profile: { type: 'boolean', default: false },
  },
});
const recipients = Number(values.recipients);
const log = (line: string) => process.stderr.write(`${line}\n`);
const profileDir = mkdtempSync(join(tmpdir(), 'samtal-bench-profiles-'));
const ctx = await createBenchContext({ seed: DEFAULT_SEED });
try {
  const o = await runOutbound(ctx, {
    recipients,
    timeCapSeconds: Number(values.cap),
    concurrent: Math.min(2000, recipients),
    profileRecipients: 1000,
    deliverMessages: Number(values.deliver),
    seed: DEFAULT_SEED,
    profileDir,
    log,
    ...(values.broadcast ? { broadcastRecipients: Number(values.broadcast) } : {}),
  });
  const { profile, bulk, broadcast, ...rest } = o;
  const { profile: bulkProfile, ...bulkRest } = bulk;
  const { profile: broadcastProfile, ...broadcastRest } = broadcast;
  console.log(JSON.stringify({ ...rest, bulk: bulkRest, broadcast: broadcastRest }, null, 1));
  if (values.profile && profile) console.log(formatProfile('sendMessage', profile));
  if (values.profile && bulkProfile) console.log(formatProfile('sendBulk', bulkProfile));
  if (values.profile && broadcastProfile) console.log(formatProfile('broadcast planning', broadcastProfile));
} finally {
  ctx.close();
}
