// bounces/: maildir/bsd (files not in labels.tsv are bounces) and maildir/not (look like bounces, are not:
// a person's message is expected, so any machine-mail answer counts against it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeReply } from '../../src/services/analyzeReply.ts';
import { readLabels, scoreClassifications, type Kind } from './labels.ts';
import type { CorpusSet, SetKind } from './types.ts';

function maildirSet(root: string, sub: string, defaultKind: Kind, labels: Map<string, Kind[]>): CorpusSet {
  const name = `bounces/maildir/${sub}`;
  return {
    name,
    async score() {
      const dir = join(root, 'maildir', sub);
      const cases = [];
      for (const file of readdirSync(dir)
        .filter((f) => f.endsWith('.eml'))
        .sort()) {
        const analysis = await analyzeReply(new Uint8Array(readFileSync(join(dir, file))));
        cases.push({ file, accepted: labels.get(`maildir/${sub}/${file}`) ?? [defaultKind], got: analysis.classification });
      }
      return scoreClassifications(name, 'bounces', cases);
    },
  };
}

export const bounceSets: SetKind = {
  kind: 'bounces',
  folders: ['bounces'],
  sets(corpora, folder) {
    const root = join(corpora, folder);
    const labelFile = join(root, 'labels.tsv');
    const labels = new Map(existsSync(labelFile) ? readLabels(labelFile).map((l) => [l.file, l.accepted] as const) : []);
    const sets: CorpusSet[] = [];
    if (existsSync(join(root, 'maildir/bsd'))) sets.push(maildirSet(root, 'bsd', 'bounce', labels));
    if (existsSync(join(root, 'maildir/not'))) sets.push(maildirSet(root, 'not', 'message', labels));
    return sets;
  },
};
