/**
 * When advisors answer live: weekly slots in a time zone, read from ADVISOR_HOURS
 * ("mon-fri 08:30-17:30; sat 09:00-12:00", "always" or "never") and ADVISOR_TIMEZONE.
 * Outside these hours a request for an advisor is a callback, whoever is logged in.
 */

export interface OpeningHoursSpec {
  timeZone: string;
  /** Days 1 (Monday) to 7 (Sunday); minutes since midnight, local time, `to` excluded. */
  slots: Array<{ days: number[]; fromMinutes: number; toMinutes: number }>;
}

export interface OpeningHours {
  isOpen(now: Date): boolean;
}

const DAYS: Record<string, number> = {
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
  lun: 1, mar: 2, mer: 3, jeu: 4, ven: 5, sam: 6, dim: 7,
};
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const GROUP = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}:\d{2}-\d{1,2}:\d{2}(?:,\d{1,2}:\d{2}-\d{1,2}:\d{2})*)$/;

/** Reads the ADVISOR_HOURS syntax; throws an Error that says what is wrong. */
export function parseOpeningHours(text: string, timeZone: string): OpeningHoursSpec {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`"${timeZone}" is not a time zone (e.g. Europe/Paris)`);
  }
  const value = text.trim().toLowerCase();
  if (value === 'always') return { timeZone, slots: [{ days: EVERY_DAY, fromMinutes: 0, toMinutes: 24 * 60 }] };
  if (value === 'never') return { timeZone, slots: [] };
  const slots: OpeningHoursSpec['slots'] = [];
  for (const group of value.split(';').map((g) => g.trim()).filter(Boolean)) {
    const match = GROUP.exec(group);
    const first = match ? DAYS[match[1]!] : undefined;
    const last = match?.[2] ? DAYS[match[2]] : first;
    if (!match || first === undefined || last === undefined) throw new Error(`"${group}" should read like "mon-fri 08:30-17:30" (days mon…sun or lun…dim)`);
    const days = first <= last ? EVERY_DAY.slice(first - 1, last) : [...EVERY_DAY.slice(first - 1), ...EVERY_DAY.slice(0, last)];
    for (const range of match[3]!.split(',')) {
      const [from, to] = range.split('-').map(minutes) as [number, number];
      if (from >= to) throw new Error(`"${range}" ends before it starts`);
      slots.push({ days, fromMinutes: from, toMinutes: to });
    }
  }
  if (slots.length === 0) throw new Error('no opening slot: write e.g. "mon-fri 08:30-17:30", "always" or "never"');
  return { timeZone, slots };
}

export function createOpeningHours(spec: OpeningHoursSpec): OpeningHours {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: spec.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    isOpen(now) {
      const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
      const day = DAYS[(parts.weekday ?? '').toLowerCase()];
      const at = Number(parts.hour) * 60 + Number(parts.minute);
      return spec.slots.some((s) => day !== undefined && s.days.includes(day) && at >= s.fromMinutes && at < s.toMinutes);
    },
  };
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (h > 24 || m > 59 || (h === 24 && m > 0)) throw new Error(`"${hhmm}" is not a time of day`);
  return h * 60 + m;
}
