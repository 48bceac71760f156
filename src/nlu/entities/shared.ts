import type { Entity, EntityType, Validation } from '../types.js';

export type Details = Record<string, string | number | boolean>;

export function ok<T>(value: T, details?: Details): Validation<T> {
  return details ? { ok: true, value, details } : { ok: true, value };
}

export function fail<T = string>(reason: string, details?: Details): Validation<T> {
  return details ? { ok: false, reason, details } : { ok: false, reason };
}

/** An entity found in free text, valid or not (a NIR with a wrong key is still reported). */
export function entityFrom(type: EntityType, start: number, end: number, result: Validation, raw: string): Entity {
  if (result.ok) return { type, value: result.value, start, end, valid: true };
  return { type, value: raw, start, end, valid: false, reason: result.reason };
}

/** Every match of a global regex, with its position. */
export function matchesOf(text: string, re: RegExp): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  for (const m of text.matchAll(re)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Separators people type inside numbers: spaces (also non-breaking), dots, dashes, underscores. */
export const SEPARATORS = /[\s.\-_\u00a0\u202f]/g;
