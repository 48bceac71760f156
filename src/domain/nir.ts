/**
 * The French social security number (NIR, "numéro de sécurité sociale"): 13 characters and a
 * 2-digit key, key = 97 − (number mod 97). Corsica: département "2A" counts as 19 and "2B" as 18
 * in the computation. A NIA (provisional number) starts with 7 or 8.
 */

export type NirKind = 'nir' | 'nia';

export interface NirParts {
  sex: string;
  year: string;
  month: string;
  departement: string;
  commune: string;
  order: string;
  key?: string;
}

/** Removes spaces, dots and dashes; upper-cases 2a/2b. */
export function compactNir(input: string): string {
  return input.replace(/[\s.\-_]/g, '').toUpperCase();
}

/** The 2-digit key of a 13-character NIR body (digits, or 2A/2B in positions 6–7). */
export function nirKey(body13: string): string {
  const body = compactNir(body13);
  if (!/^\d{5}(?:\d{2}|2A|2B)\d{6}$/.test(body)) throw new RangeError(`nirKey: not a 13-character NIR body`);
  const numeric = body.replace(/^(\d{5})2A/, '$119').replace(/^(\d{5})2B/, '$118');
  const remainder = Number(BigInt(numeric) % 97n);
  return String(97 - remainder).padStart(2, '0');
}

export function withKey(body13: string): string {
  const body = compactNir(body13);
  return body + nirKey(body);
}

export function splitNir(nir: string): NirParts {
  const c = compactNir(nir);
  return {
    sex: c.slice(0, 1),
    year: c.slice(1, 3),
    month: c.slice(3, 5),
    departement: c.slice(5, 7),
    commune: c.slice(7, 10),
    order: c.slice(10, 13),
    ...(c.length >= 15 ? { key: c.slice(13, 15) } : {}),
  };
}

export function nirKind(nir: string): NirKind {
  const first = compactNir(nir).charAt(0);
  return first === '7' || first === '8' ? 'nia' : 'nir';
}

/** True when the 15-character value has the right shape and its key matches. */
export function isValidNir(nir: string): boolean {
  const c = compactNir(nir);
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(c)) return false;
  return nirKey(c.slice(0, 13)) === c.slice(13);
}

/** "185057800608436" → "1 85 05 78 006 084 36" */
export function formatNir(nir: string): string {
  const p = splitNir(nir);
  return [p.sex, p.year, p.month, p.departement, p.commune, p.order, p.key].filter(Boolean).join(' ');
}
