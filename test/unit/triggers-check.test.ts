// `npm run samtal -- triggers check`: the command's function, on the shipped triggers and on a broken fixture.
import { describe, expect, it } from 'vitest';
import { checkTriggerFiles, formatTriggerTable } from '../../src/cli/triggers-check.ts';

async function run(dir?: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkTriggerFiles({ dir }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('triggers check', () => {
  it('summarizes every shipped trigger (name, kind, start, template, delay, limit) and exits 0', async () => {
    const { code, out, err } = await run();
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toMatch(/^name\s+kind\s+starts on\s+sends\s+delay\s+limit$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          String.raw`^review_request\s+after\s+order_delivered unless review_submitted\s+` +
            String.raw`review_request, then review_reminder after P4D\s+P3D\s+1 per P7D$`,
        ),
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^order_confirmation\s+event\s+order_placed\s+order_confirmation\s+-\s+none$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^birthday\s+date\s+attributes\.birthday 09:00, yearly\s+birthday\s+-\s+1 per P11M$/),
    );
    expect(lines.at(-1)).toBe('5 trigger file(s) OK');
  });

  it('prints every problem of a broken folder as file:line: message and exits 1', async () => {
    const { code, out, err } = await run('test/fixtures/broken-triggers');
    expect(code).toBe(1);
    expect(out).toEqual([]);
    const file = 'test/fixtures/broken-triggers/review.yaml';
    expect(err.join('\n').split('\n')).toEqual([
      `${file}:3: delay: expected an ISO 8601 duration like P3D, PT12H or P1M (whole numbers), found "3 days"`,
      expect.stringMatching(
        /^test\/fixtures\/broken-triggers\/review\.yaml:7: follow_ups\[0\]\.send: no template "review_remnider" in templates\//,
      ),
      `${file}:8: stop_if: expected a list of replied, unsubscribed, agent_replied or {event: NAME}, found "answered"`,
      '3 problem(s) in 2 trigger file(s)',
    ]);
  });

  it('says so when the folder cannot be read', async () => {
    const { code, err } = await run('test/fixtures/no-such-folder');
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^triggers check: cannot read .*no-such-folder: ENOENT$/)]);
  });

  it('aligns the table columns and marks inactive triggers', () => {
    const row = { kind: 'event' as const, start: 'x', send: 'welcome', delay: '-', limit: 'none' };
    expect(
      formatTriggerTable([
        { ...row, name: 'a', active: true },
        { ...row, name: 'longer_name', active: false },
      ]).split('\n'),
    ).toEqual([
      'name                    kind   starts on  sends    delay  limit',
      'a                       event  x          welcome  -      none',
      'longer_name (inactive)  event  x          welcome  -      none',
    ]);
  });
});
