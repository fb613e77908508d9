// `npm run samtal -- triggers check [--dir DIR] [--templates DIR]`: every problem in the trigger
// files as file:line: message (exit 1), or one summary line per trigger (exit 0).
import { relative } from 'node:path';
import { buildTemplateSet } from '../domain/outbound/templates/set.ts';
import { buildTriggerSet, formatTriggerProblems, summarizeTrigger, type TriggerSummary } from '../domain/triggers/set.ts';
import { readTemplateFiles } from '../mail/template-files.ts';
import { readTriggerFiles } from '../mail/trigger-files.ts';
import { TEMPLATES_DIR } from '../runtime/load-templates.ts';
import { TRIGGERS_DIR } from '../runtime/load-triggers.ts';

export interface CheckOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface TriggersCheckOptions {
  /** The folder of trigger files (triggers/ by default); problems name files as `DIR/NAME.yaml`. */
  dir?: string;
  /** The folder of templates `send:` may name (templates/ by default). */
  templatesDir?: string;
}

const COLUMNS: { title: string; cell: (s: TriggerSummary) => string }[] = [
  { title: 'name', cell: (s) => s.name + (s.active ? '' : ' (inactive)') },
  { title: 'kind', cell: (s) => s.kind },
  { title: 'starts on', cell: (s) => s.start },
  { title: 'sends', cell: (s) => s.send },
  { title: 'delay', cell: (s) => s.delay },
  { title: 'limit', cell: (s) => s.limit },
];

/** The summaries as an aligned table with a header row. */
export function formatTriggerTable(summaries: TriggerSummary[]): string {
  const rows = [COLUMNS.map((c) => c.title), ...summaries.map((s) => COLUMNS.map((c) => c.cell(s)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export async function checkTriggerFiles(options: TriggersCheckOptions, io: CheckOutput): Promise<number> {
  const dir = options.dir ?? TRIGGERS_DIR;
  const label = options.dir === undefined ? 'triggers' : relative(process.cwd(), dir) || '.';
  let files: Awaited<ReturnType<typeof readTriggerFiles>>;
  try {
    files = await readTriggerFiles(dir, label);
  } catch (error) {
    io.err(`triggers check: cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  // Templates with problems of their own are `templates check`'s business; the names that parse count here.
  const templates = buildTemplateSet(await readTemplateFiles(options.templatesDir ?? TEMPLATES_DIR)).set;
  const { set, problems } = buildTriggerSet(files, templates.names());
  if (problems.length) {
    io.err(formatTriggerProblems(problems));
    io.err(`${problems.length} problem(s) in ${files.length} trigger file(s)`);
    return 1;
  }
  const triggers = set.all();
  io.out(formatTriggerTable(triggers.map(summarizeTrigger)));
  io.out(`${triggers.length} trigger file(s) OK`);
  return 0;
}
