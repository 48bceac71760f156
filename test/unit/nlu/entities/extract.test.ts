import { describe, expect, it } from 'vitest';
import { extractEntities, extractValueEntities, resolveOverlaps } from '../../../../src/nlu/entities/extract.js';

const now = { now: new Date('2026-01-15T09:00:00Z') };

describe('extractEntities', () => {
  it('finds several values in one message, in text order', () => {
    const text = 'NIR 1 85 05 78 006 084 91, né le 12/03/1985, mail ines@orange.fr, tel 06 12 34 56 78, CP 75001';
    const types = extractEntities(text, now).map((e) => e.type);
    expect(types).toEqual(['nir', 'birth_date', 'email', 'phone', 'postal_code']);
  });

  it('keeps the stronger reading when two overlap (a phone is not a serial number)', () => {
    const entities = extractValueEntities('+33 6 12 34 56 78', now);
    expect(resolveOverlaps(entities).map((e) => e.type)).toEqual(['phone']);
  });

  it('does not look for numbers in a message without digits', () => {
    expect(extractEntities("j'ai perdu ma carte vitale", now)).toEqual([]);
  });
});
