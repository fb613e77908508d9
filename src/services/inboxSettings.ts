// The settings a business manages in the inbox (/inbox/settings): the sender name on outgoing mail, the
// first-response target and business hours, the FAQ autoresponder's mode, threshold and per-contact limit, and
// quiet hours. Each is a row in `settings`; a setting not set falls back to the environment's default (src/config.ts).
import type { Deps } from '../deps.ts';
import type { QuietHours } from '../domain/delivery/types.ts';
import { DEFAULT_FAQ_THRESHOLD } from '../domain/faq/match.ts';
import { DEFAULT_FIRST_RESPONSE_TARGET, type FirstResponseTarget } from '../domain/inbox/first-response.ts';
import { parseMailbox } from '../domain/people/email-address.ts';
import { isOpenSomeDay } from '../domain/time/business-hours.ts';
import { resolveZone } from '../domain/time/zoned.ts';
import { AUTORESPONDER_MODES, type AutoresponderMode } from '../domain/vocabulary.ts';
import { getSetting, getSettings, putSettings, SETTINGS_VERSION_KEY } from '../store/settings.ts';
import { QUIET_HOURS_SETTING } from './decideDelivery.ts';

const KEYS = {
  senderName: 'mail.sender_name',
  firstResponse: 'inbox.first_response',
  faqMode: 'faq.mode',
  faqMinConfidence: 'faq.min_confidence',
  faqContactLimitHours: 'faq.contact_limit_hours',
  quietHours: QUIET_HOURS_SETTING,
} as const;

/** The settings keys this module manages (the version triggers list the same). */
export const INBOX_SETTING_KEYS: readonly string[] = Object.values(KEYS);

/** The autoresponder answers a contact at most once in this many hours unless the business sets another limit. */
export const DEFAULT_FAQ_CONTACT_LIMIT_HOURS = 24;

/** What a business has set; null means "the default" (the environment's, shown beside it). */
export interface InboxSettings {
  senderName: string | null;
  firstResponse: FirstResponseTarget;
  faqMode: AutoresponderMode | null;
  faqMinConfidence: number | null;
  faqContactLimitHours: number | null;
  /** As the delivery.quiet_hours setting holds it: "21:00-08:00" or "off". */
  quietHours: string | null;
}

export interface InboxSettingsDefaults {
  senderName: string;
  faqMode: AutoresponderMode;
  faqMinConfidence: number;
  faqContactLimitHours: number;
  quietHours: string;
}

const formatQuiet = (q: QuietHours | null | undefined, fallback: string) =>
  q === undefined ? fallback : q === null ? 'off' : `${hhmm(q.start)}-${hhmm(q.end)}`;
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function inboxSettingsDefaults(deps: Pick<Deps, 'config'>): InboxSettingsDefaults {
  const { config } = deps;
  return {
    senderName: parseMailbox(config.mailFrom)?.name ?? '',
    faqMode: config.faqMode,
    faqMinConfidence: config.faqMinConfidence ?? DEFAULT_FAQ_THRESHOLD,
    faqContactLimitHours: DEFAULT_FAQ_CONTACT_LIMIT_HOURS,
    // decideDelivery's own default when QUIET_HOURS is not set.
    quietHours: formatQuiet(config.quietHours, '21:00-08:00'),
  };
}

const number = (text: string | undefined): number | null => (text === undefined || !Number.isFinite(Number(text)) ? null : Number(text));

function parseTarget(deps: Pick<Deps, 'log'>, text: string | undefined): FirstResponseTarget {
  if (text === undefined) return DEFAULT_FIRST_RESPONSE_TARGET;
  try {
    const t = JSON.parse(text) as FirstResponseTarget;
    const hoursOk = typeof t.hours === 'number' && t.hours > 0;
    const bh = t.businessHours;
    const bhOk =
      bh === null ||
      (typeof bh === 'object' && !resolveZone(bh.timeZone).fellBack && Array.isArray(bh.week) && bh.week.length === 7 && isOpenSomeDay(bh));
    if (hoursOk && bhOk) return { hours: t.hours, businessHours: bh };
  } catch {}
  deps.log.warn('settings: ignoring a malformed first-response setting', { key: KEYS.firstResponse });
  return DEFAULT_FIRST_RESPONSE_TARGET;
}

export async function loadInboxSettings(deps: Pick<Deps, 'db' | 'log'>): Promise<InboxSettings> {
  const s = await getSettings(deps.db, Object.values(KEYS));
  const mode = s.get(KEYS.faqMode);
  return {
    senderName: s.get(KEYS.senderName) ?? null,
    firstResponse: parseTarget(deps, s.get(KEYS.firstResponse)),
    faqMode: (AUTORESPONDER_MODES as readonly string[]).includes(mode ?? '') ? (mode as AutoresponderMode) : null,
    faqMinConfidence: number(s.get(KEYS.faqMinConfidence)),
    faqContactLimitHours: number(s.get(KEYS.faqContactLimitHours)),
    quietHours: s.get(KEYS.quietHours) ?? null,
  };
}

/** Per database: the settings as last loaded, and the version they were loaded at. */
const loaded = new WeakMap<object, { version: string; settings: InboxSettings }>();

/**
 * The settings at `version` (SETTINGS_VERSION_KEY, read when not given: callers that make a look-up anyway read it
 * in the same statement), loaded and parsed once per version. Without a recorded version nothing is cached.
 */
export async function inboxSettingsAt(deps: Pick<Deps, 'db' | 'log'>, version?: string | null): Promise<InboxSettings> {
  const current = version === undefined ? await getSetting(deps.db, SETTINGS_VERSION_KEY) : version;
  const hit = loaded.get(deps.db);
  if (current && hit?.version === current) return hit.settings;
  const settings = await loadInboxSettings(deps);
  if (current) loaded.set(deps.db, { version: current, settings });
  return settings;
}

/** Saves every setting at once (null: back to the default). Input is validated by the caller (the settings form). */
export async function saveInboxSettings(deps: Pick<Deps, 'db' | 'clock'>, input: InboxSettings): Promise<void> {
  const text = (n: number | null) => (n === null ? null : String(n));
  await putSettings(
    deps.db,
    new Map([
      [KEYS.senderName, input.senderName],
      [KEYS.firstResponse, JSON.stringify(input.firstResponse)],
      [KEYS.faqMode, input.faqMode],
      [KEYS.faqMinConfidence, text(input.faqMinConfidence)],
      [KEYS.faqContactLimitHours, text(input.faqContactLimitHours)],
      [KEYS.quietHours, input.quietHours],
    ]),
    deps.clock.now(),
  );
}

/** The first-response target in force: the business's, else 24 hours around the clock (`version`: see inboxSettingsAt). */
export async function firstResponseTarget(deps: Pick<Deps, 'db' | 'log'>, version?: string | null): Promise<FirstResponseTarget> {
  return (await inboxSettingsAt(deps, version)).firstResponse;
}

/** The From mailbox for outgoing mail: MAIL_FROM, with the business's sender name when one is set. */
export async function senderMailbox(deps: Pick<Deps, 'db' | 'config'>): Promise<string> {
  const name = (await getSetting(deps.db, KEYS.senderName))?.trim();
  if (!name) return deps.config.mailFrom;
  const address = parseMailbox(deps.config.mailFrom)?.address ?? deps.config.mailFrom;
  return `${name.replace(/[<>"\\\r\n]/g, '')} <${address}>`;
}

/**
 * Deps whose config carries the business's FAQ mode and threshold (the settings win over FAQ_MODE and
 * FAQ_MIN_CONFIDENCE), and the per-contact limit of automatic answers in ms (`version`: see inboxSettingsAt).
 */
export async function withFaqSettings(deps: Deps, version?: string | null): Promise<{ deps: Deps; contactLimitMs: number }> {
  const s = await inboxSettingsAt(deps, version);
  const config = {
    ...deps.config,
    faqMode: s.faqMode ?? deps.config.faqMode,
    faqMinConfidence: s.faqMinConfidence ?? deps.config.faqMinConfidence,
  };
  return { deps: { ...deps, config }, contactLimitMs: (s.faqContactLimitHours ?? DEFAULT_FAQ_CONTACT_LIMIT_HOURS) * 3_600_000 };
}
