// `npm run samtal -- faq import|export FILE.yaml`, run as real processes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.ts';

const exec = promisify(execFile);
let dir: string;
let env: NodeJS.ProcessEnv;

async function samtal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: REPO_ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'samtal-faq-cli-'));
  env = { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}` };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run samtal -- faq', () => {
  it('import reports bad entries as FILE:LINE and exits 1; export writes a file that imports to the same entries', async () => {
    const broken = await samtal('faq', 'import', 'test/fixtures/faq/broken.yaml');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('test/fixtures/faq/broken.yaml:14: bad-liquid: answer.en: expected valid Liquid');
    expect(broken.stdout).toContain('1 entries saved (1 created, 0 updated), 4 rejected');
    const good = await samtal('faq', 'import', 'test/fixtures/faq/bakery.yaml');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('4 entries saved (4 created, 0 updated), 0 rejected');
    const file = join(dir, 'export.yaml');
    expect((await samtal('faq', 'export', file)).code).toBe(0);
    const again = await samtal('faq', 'import', file);
    expect(again.stdout).toContain('5 entries saved (0 created, 5 updated), 0 rejected');
    expect(readFileSync(file, 'utf8')).toContain('- id: custom-cake');
  }, 120_000);
});
