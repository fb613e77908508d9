// WAL checkpoints off the request path: the embedded database checkpoints by itself only past a large WAL (the
// safety net), and every scheduler tick checkpoints without waiting for anyone (PASSIVE).
import { describe, expect, it } from 'vitest';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { checkpointWal, createDb, WAL_AUTOCHECKPOINT_PAGES } from '../../src/store/db.ts';
import { useTestContext } from '../support/contexts.ts';
import { recordingClient } from '../support/recording-client.ts';

describe('WAL checkpoints', () => {
  const t = useTestContext();

  it('an embedded connection checkpoints by itself only after a large WAL', async () => {
    const [row] = (await t.client.execute('PRAGMA wal_autocheckpoint')).rows;
    expect(Number(row![0])).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(WAL_AUTOCHECKPOINT_PAGES).toBeGreaterThan(1000);
  });

  it('the scheduler tick checkpoints the WAL, passively', async () => {
    const { client, sql } = recordingClient(t.client);
    await runScheduled({ ...t.deps, db: createDb(client) });
    expect(sql).toContain('PRAGMA wal_checkpoint(PASSIVE)');
  });

  it('a checkpoint copies every page of the WAL back, and a remote database is left alone', async () => {
    await t.client.execute("insert into settings (key, value) values ('x', 'y')");
    const done = await checkpointWal(t.deps.db, t.deps.config.databaseUrl);
    expect(done!.walPages).toBeGreaterThan(0);
    expect(done!.checkpointed).toBe(done!.walPages);
    expect(await checkpointWal(t.deps.db, 'libsql://samtal.example.turso.io')).toBeNull();
  });
});
