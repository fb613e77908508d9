// The /inbox/settings form: its fields as text (what the page shows and a failed save shows again) and the
// valibot schema that turns them into InboxSettings, each problem named by its field.
import * as v from 'valibot';
import { parseQuietHours, QUIET_HOURS_EXPECTED } from '../../../domain/delivery/policy.ts';
import { isIanaTimeZone } from '../../../domain/people/contact-input.ts';
import {
  type BusinessHours,
  formatOpeningHours,
  OPENING_HOURS_EXPECTED,
  parseOpeningHours,
  WEEKDAYS,
  type Weekday,
} from '../../../domain/time/business-hours.ts';
import { AUTORESPONDER_MODES } from '../../../domain/vocabulary.ts';
import type { InboxSettings } from '../../../services/inboxSettings.ts';
import { formText } from '../../validation.ts';

export type HoursField = `hours_${Weekday}`;
export type SettingsFormValues = {
  sender_name: string;
  target_hours: string;
  business_hours: string;
  time_zone: string;
  faq_mode: string;
  faq_min_confidence: string;
  faq_contact_limit_hours: string;
  quiet_hours: string;
} & Record<HoursField, string>;

export const hoursField = (day: Weekday): HoursField => `hours_${day}`;

const DEFAULT_WEEK: Record<Weekday, string> = {
  mon: '09:00-17:00',
  tue: '09:00-17:00',
  wed: '09:00-17:00',
  thu: '09:00-17:00',
  fri: '09:00-17:00',
  sat: '',
  sun: '',
};

/** The saved settings as the form shows them. */
export function formValuesOf(s: InboxSettings, fallbackZone: string): SettingsFormValues {
  const bh = s.firstResponse.businessHours;
  const hours = Object.fromEntries(
    WEEKDAYS.map((day, i) => [hoursField(day), bh ? formatOpeningHours(bh.week[i] ?? []) : DEFAULT_WEEK[day]]),
  ) as Record<HoursField, string>;
  return {
    sender_name: s.senderName ?? '',
    target_hours: String(s.firstResponse.hours),
    business_hours: bh ? 'on' : '',
    time_zone: bh?.timeZone ?? fallbackZone,
    faq_mode: s.faqMode ?? '',
    faq_min_confidence: s.faqMinConfidence === null ? '' : String(s.faqMinConfidence),
    faq_contact_limit_hours: s.faqContactLimitHours === null ? '' : String(s.faqContactLimitHours),
    quiet_hours: s.quietHours ?? '',
    ...hours,
  };
}

/** The posted form as text fields (anything else, such as a file, reads as empty), to show again after an error. */
export function formValuesFrom(body: Record<string, unknown>): SettingsFormValues {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const keys: (keyof SettingsFormValues)[] = [
    'sender_name',
    'target_hours',
    'business_hours',
    'time_zone',
    'faq_mode',
    'faq_min_confidence',
    'faq_contact_limit_hours',
    'quiet_hours',
    ...WEEKDAYS.map(hoursField),
  ];
  return Object.fromEntries(keys.map((k) => [k, text(k)])) as SettingsFormValues;
}

const trimmed = () => v.pipe(formText(), v.trim());
/** Blank is null (the default); else a number from min to max. */
const optionalNumber = (min: number, max: number, expected: string) =>
  v.pipe(
    trimmed(),
    v.check((t) => t === '' || (/^\d+(\.\d+)?$|^\.\d+$/.test(t) && Number(t) >= min && Number(t) <= max), expected),
    v.transform((t) => (t === '' ? null : Number(t))),
  );
const openingHours = v.pipe(
  trimmed(),
  v.check((t) => parseOpeningHours(t) !== null, OPENING_HOURS_EXPECTED),
);

export const SettingsForm = v.pipe(
  v.object({
    sender_name: v.pipe(
      trimmed(),
      v.maxLength(100, 'expected at most 100 characters'),
      v.check((t) => !/[<>"\\\r\n]/.test(t), 'expected a name without <, >, " or \\'),
    ),
    target_hours: v.pipe(
      trimmed(),
      v.check((t) => /^\d+(\.\d+)?$/.test(t) && Number(t) > 0 && Number(t) <= 720, 'expected a number of hours from 0.5 to 720'),
      v.transform(Number),
      v.minValue(0.5, 'expected a number of hours from 0.5 to 720'),
    ),
    business_hours: v.pipe(
      formText(),
      v.transform((t) => t === 'on'),
    ),
    time_zone: trimmed(),
    ...(Object.fromEntries(WEEKDAYS.map((day) => [hoursField(day), openingHours])) as Record<HoursField, typeof openingHours>),
    faq_mode: v.pipe(trimmed(), v.picklist(['', ...AUTORESPONDER_MODES] as const, 'expected off, suggest, auto, or empty for the default')),
    faq_min_confidence: optionalNumber(0, 1, 'expected a number from 0 to 1, like 0.8, or empty for the default'),
    faq_contact_limit_hours: optionalNumber(0, 720, 'expected a number of hours from 0 (no limit) to 720, or empty for the default'),
    quiet_hours: v.pipe(
      trimmed(),
      v.check((t) => t === '' || parseQuietHours(t) !== undefined, `${QUIET_HOURS_EXPECTED}, or empty for the default`),
    ),
  }),
  // partialCheck: these run also when other fields are wrong, so that one answer names every problem.
  v.forward(
    v.partialCheck(
      [['business_hours'], ['time_zone']],
      (f) => !f.business_hours || isIanaTimeZone(f.time_zone),
      'expected an IANA time zone like Europe/Stockholm',
    ),
    ['time_zone'],
  ),
  v.forward(
    v.partialCheck(
      [['business_hours'], ...WEEKDAYS.map((day) => [hoursField(day)] as [HoursField])],
      (f) => !f.business_hours || WEEKDAYS.some((day) => f[hoursField(day)] !== ''),
      'expected opening hours on at least one day',
    ),
    ['hours_mon'],
  ),
);

/** The checked form as settings. */
export function settingsFromForm(f: v.InferOutput<typeof SettingsForm>): InboxSettings {
  const businessHours: BusinessHours | null = f.business_hours
    ? { timeZone: f.time_zone, week: WEEKDAYS.map((day) => parseOpeningHours(f[hoursField(day)]) ?? []) }
    : null;
  return {
    senderName: f.sender_name === '' ? null : f.sender_name,
    firstResponse: { hours: f.target_hours, businessHours },
    faqMode: f.faq_mode === '' ? null : f.faq_mode,
    faqMinConfidence: f.faq_min_confidence,
    faqContactLimitHours: f.faq_contact_limit_hours,
    quietHours: f.quiet_hours === '' ? null : f.quiet_hours.toLowerCase() === 'none' ? 'off' : f.quiet_hours,
  };
}
