// `npm run samtal -- faq import|export FILE.yaml`, run as real processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliProcess } from '../support/cli-process.ts';

const cli = useCliProcess('samtal-faq-cli-');
const samtal = cli.samtal;

describe('npm run samtal -- faq', () => {
  it('import reports bad entries as FILE:LINE and exits 1; export writes a file that imports to the same entries', async () => {
    const broken = await samtal('faq', 'import', 'test/fixtures/faq/broken.yaml');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('test/fixtures/faq/broken.yaml:14: bad-liquid: answer.en: expected valid Liquid');
    expect(broken.stdout).toContain('1 entries saved (1 created, 0 updated), 4 rejected');
    const good = await samtal('faq', 'import', 'test/fixtures/faq/bakery.yaml');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('4 entries saved (4 created, 0 updated), 0 rejected');
    const file = join(cli.dir(), 'export.yaml');
    expect((await samtal('faq', 'export', file)).code).toBe(0);
    const again = await samtal('faq', 'import', file);
    expect(again.stdout).toContain('5 entries saved (0 created, 5 updated), 0 rejected');
    expect(readFileSync(file, 'utf8')).toContain('- id: custom-cake');
  }, 120_000);
});
