import { describe, expect, it } from 'vitest';
import { createOpeningHours, parseOpeningHours } from '../../../src/handoff/opening-hours.js';

describe('opening hours', () => {
  const paris = createOpeningHours(parseOpeningHours('mon-fri 08:30-17:30; sat 09:00-12:00', 'Europe/Paris'));

  it('is open on weekdays within the hours, in Paris time whatever the server time zone', () => {
    // Thursday 15 January 2026: Paris is UTC+1.
    expect(paris.isOpen(new Date('2026-01-15T07:29:00Z'))).toBe(false);
    expect(paris.isOpen(new Date('2026-01-15T07:30:00Z'))).toBe(true);
    expect(paris.isOpen(new Date('2026-01-15T16:29:00Z'))).toBe(true);
    expect(paris.isOpen(new Date('2026-01-15T16:30:00Z'))).toBe(false);
  });

  it('follows summer time', () => {
    // Thursday 16 July 2026: Paris is UTC+2.
    expect(paris.isOpen(new Date('2026-07-16T06:30:00Z'))).toBe(true);
    expect(paris.isOpen(new Date('2026-07-16T15:30:00Z'))).toBe(false);
  });

  it('keeps Saturday morning and closes on Sunday', () => {
    expect(paris.isOpen(new Date('2026-01-17T09:00:00Z'))).toBe(true);
    expect(paris.isOpen(new Date('2026-01-17T11:00:00Z'))).toBe(false);
    expect(paris.isOpen(new Date('2026-01-18T10:00:00Z'))).toBe(false);
  });

  it('reads French day names, several ranges a day, "always" and "never"', () => {
    const split = createOpeningHours(parseOpeningHours('lun-ven 9:00-12:00,14:00-17:00', 'Europe/Paris'));
    expect(split.isOpen(new Date('2026-01-15T10:00:00Z'))).toBe(true);
    expect(split.isOpen(new Date('2026-01-15T12:00:00Z'))).toBe(false);
    expect(split.isOpen(new Date('2026-01-15T13:30:00Z'))).toBe(true);
    expect(createOpeningHours(parseOpeningHours('always', 'UTC')).isOpen(new Date('2026-01-18T03:00:00Z'))).toBe(true);
    expect(createOpeningHours(parseOpeningHours('never', 'UTC')).isOpen(new Date('2026-01-15T10:00:00Z'))).toBe(false);
  });

  it('says what is wrong with a schedule it cannot read', () => {
    expect(() => parseOpeningHours('tous les jours', 'Europe/Paris')).toThrow(/should read like "mon-fri 08:30-17:30"/);
    expect(() => parseOpeningHours('mon 18:00-09:00', 'Europe/Paris')).toThrow(/ends before it starts/);
    expect(() => parseOpeningHours('mon 08:00-25:00', 'Europe/Paris')).toThrow(/not a time of day/);
    expect(() => parseOpeningHours('mon 08:00-12:00', 'Paris')).toThrow(/not a time zone/);
  });
});
