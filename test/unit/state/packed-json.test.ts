import { describe, expect, it } from 'vitest';
import { createPackedCache, packJson, unpackJson } from '../../../src/state/packed-json.js';

const doc = (n: number) => ({ n, text: 'Pour créer votre compte ameli, préparez votre carte Vitale. '.repeat(8) });

describe('packed JSON', () => {
  it('compresses a long document and reads it back as it was', () => {
    const packed = packJson(doc(1));
    expect(packed.length).toBeLessThan(JSON.stringify(doc(1)).length / 3);
    expect(unpackJson(packed)).toEqual(doc(1));
  });
});

describe('decoded documents remembered by their bytes', () => {
  it('gives the value it wrote for the bytes it wrote, without decoding them again', () => {
    const cache = createPackedCache<ReturnType<typeof doc>>({ max: 10 });
    const value = doc(1);
    const packed = cache.write('a', value);
    expect(cache.read('a', Buffer.from(packed))).toBe(value);
  });

  it('decodes bytes it has not seen for a key (another instance wrote the document)', () => {
    const cache = createPackedCache<ReturnType<typeof doc>>({ max: 10 });
    cache.write('a', doc(1));
    const theirs = packJson(doc(2));
    const read = cache.read('a', theirs);
    expect(read).toEqual(doc(2));
    expect(cache.read('a', Buffer.from(theirs))).toBe(read);
  });

  it('remembers at most `max` documents, the least recently read going first', () => {
    const cache = createPackedCache<ReturnType<typeof doc>>({ max: 2 });
    const packed = [1, 2, 3].map((n) => packJson(doc(n)));
    const first = cache.read('k1', packed[0]!);
    const second = cache.read('k2', packed[1]!);
    expect(cache.read('k1', packed[0]!)).toBe(first);
    cache.read('k3', packed[2]!);
    // k2 was read least recently: it went, k1 stayed.
    expect(cache.read('k1', packed[0]!)).toBe(first);
    const again = cache.read('k2', packed[1]!);
    expect(again).toEqual(second);
    expect(again).not.toBe(second);
  });

  it('forgets a key: its bytes are decoded again', () => {
    const cache = createPackedCache<ReturnType<typeof doc>>({ max: 10 });
    const value = doc(1);
    const packed = cache.write('a', value);
    cache.forget('a');
    expect(cache.read('a', packed)).not.toBe(value);
  });
});

describe('a packed cache with its own packing', () => {
  it('writes with `pack` and reads bytes it has not seen with `unpack`', () => {
    const cache = createPackedCache<{ n: number }>({ max: 10, pack: (v) => Buffer.from(`n=${v.n}`), unpack: (b) => ({ n: Number(b.toString().slice(2)) }) });
    const value = { n: 7 };
    expect(cache.write('a', value).toString()).toBe('n=7');
    expect(cache.read('a', Buffer.from('n=7'))).toBe(value);
    expect(cache.read('a', Buffer.from('n=8'))).toEqual({ n: 8 });
  });
});
