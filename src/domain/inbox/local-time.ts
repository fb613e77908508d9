// Wall-clock times in an agent's time zone ("2026-12-01T09:00" in Asia/Tokyo) as instants, with Intl only.

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local date and time (`YYYY-MM-DDTHH:mm`, as an <input type=datetime-local> sends it)
 * names in a time zone; null when the text is not one. A time skipped by a daylight-saving change
 * (02:30 on the spring-forward night) is read with the offset before the change, so it lands just after it.
 */
export function localTimeToInstant(local: string, timeZone: string): number | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23 || minute! > 59) return null;
  const first = asUtc - zoneOffset(asUtc, timeZone);
  const adjusted = asUtc - zoneOffset(first, timeZone);
  return adjusted === first ? first : Math.max(first, adjusted);
}
