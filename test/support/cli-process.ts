// Runs `npm run samtal -- …` (src/cli/main.ts) as a real process against its own database file in a
// temporary folder, made before the file's tests and removed after them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT } from './processes.ts';

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  samtal(...args: string[]): Promise<CliResult>;
  /** The temporary folder (the database file is cli.db in it). */
  dir(): string;
  env(): NodeJS.ProcessEnv;
}

export function useCliProcess(prefix: string): CliProcess {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    env = { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}` };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    async samtal(...args) {
      try {
        const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: REPO_ROOT, env });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as CliResult;
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    },
    dir: () => dir,
    env: () => env,
  };
}
