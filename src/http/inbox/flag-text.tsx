// A conversation's flag in the agent's language. Flags are stored as English sentences (the API shows them as they
// are; src/domain/inbound/threading/threading.ts and identity.ts write them, several joined by "; "): the inbox reads
// the known forms back and words them through the catalog. An unknown one is shown as it is.
import type { Child } from 'hono/jsx';
import { isolateText } from '../../domain/inbox/bidi.ts';
import { type MessageKey, type Translate, type Vars, withParts } from './i18n/catalog.ts';

type FlagForm = readonly [pattern: RegExp, key: MessageKey];

const FORMS: readonly FlagForm[] = [
  [
    /^(?<sender>\S+) used the reply address of conversation (?<conversation>\S+) without being addressed in it$/,
    'thread.flagOutsiderToken',
  ],
  [
    /^(?<sender>\S+) used (?<header>In-Reply-To|References) of conversation (?<conversation>\S+) without being addressed in it$/,
    'thread.flagOutsiderHeader',
  ],
  [/^Message-ID reused by different content \(first kept as (?<id>[^)]+)\)$/, 'thread.flagReusedId'],
];

/** One reason of a flag: its message and the values it names (addresses and ids kept apart from the words). */
function reasonOf(text: string): { key: MessageKey; vars: Vars } | null {
  for (const [pattern, key] of FORMS) {
    const match = pattern.exec(text);
    if (match) return { key, vars: { ...match.groups } };
  }
  return null;
}

/** The flag's reasons in the agent's words, "; " between them, for an attribute: each quoted value isolated so it reads whole. */
export function flagText(flag: string, t: Translate): string {
  return flag
    .split('; ')
    .map((part) => {
      const reason = reasonOf(part);
      if (!reason) return isolateText(part);
      const vars = Object.fromEntries(Object.entries(reason.vars).map(([name, value]) => [name, isolateText(String(value))]));
      return t(reason.key, vars);
    })
    .join('; ');
}

/** The same as markup for the page, each quoted value in a <bdi>. */
export function FlagReasons(props: { flag: string; t: Translate }) {
  const parts: Child[] = props.flag.split('; ').map((part, i) => {
    const reason = reasonOf(part);
    const said = reason ? (
      withParts(props.t(reason.key), Object.fromEntries(Object.entries(reason.vars).map(([name, value]) => [name, <bdi>{value}</bdi>])))
    ) : (
      <bdi>{part}</bdi>
    );
    return i === 0 ? said : ['; ', said];
  });
  return <>{parts}</>;
}
