// classify/<folder>: labelled messages, one labels.tsv per folder, run through `reply-text`'s analysis.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeReply } from '../../src/services/analyzeReply.ts';
import { readLabels, scoreClassifications } from './labels.ts';
import type { CorpusSet, SetKind } from './types.ts';

export const classifySets: SetKind = {
  kind: 'classify',
  folders: ['classify'],
  sets(corpora, folder) {
    const root = join(corpora, folder);
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'labels.tsv')))
      .map((entry) => entry.name)
      .sort()
      .map(
        (name): CorpusSet => ({
          name: `${folder}/${name}`,
          async score() {
            const dir = join(root, name);
            const cases = [];
            for (const label of readLabels(join(dir, 'labels.tsv'))) {
              const analysis = await analyzeReply(new Uint8Array(readFileSync(join(dir, label.file))));
              cases.push({ ...label, got: analysis.classification });
            }
            return scoreClassifications(`${folder}/${name}`, 'classify', cases);
          },
        }),
      );
  },
};
