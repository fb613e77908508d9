// Small display helpers for the inbox pages (pure).
export function relativeTime(from: number, now: number): string {
  const seconds = Math.round((now - from) / 1000);
  const abs = Math.abs(seconds);
  // Hours up to two days: "30 h left" says more than "1 d left" against a 24-hour target.
  const unit = abs < 60 ? ['s', 1] : abs < 3600 ? ['min', 60] : abs < 2 * 86_400 ? ['h', 3600] : ['d', 86_400];
  const value = Math.floor(abs / (unit[1] as number));
  return `${value} ${unit[0]}`;
}

export interface SlaState {
  label: string;
  tone: 'ok' | 'soon' | 'late' | 'none';
}

/** Time left to (or past) the first-response target. */
export function slaState(dueAt: number | null, now: number): SlaState {
  if (dueAt === null) return { label: '', tone: 'none' };
  const left = dueAt - now;
  if (left < 0) return { label: `overdue ${relativeTime(dueAt, now)}`, tone: 'late' };
  return { label: `${relativeTime(now, dueAt)} left`, tone: left < 4 * 3600_000 ? 'soon' : 'ok' };
}

export function displayName(name: string | null, email: string): string {
  return name?.trim() || email;
}

const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "4 Dec" (UTC, like the snooze times). */
export function dayMonth(ms: number): string {
  return DAY_MONTH.format(ms);
}
