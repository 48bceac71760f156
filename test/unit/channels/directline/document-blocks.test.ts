import { describe, expect, it } from 'vitest';
import { createDocumentBlocks, unpackDocument } from '../../../../src/channels/directline/document-blocks.js';
import { packJson } from '../../../../src/state/packed-json.js';

interface Entry {
  t: string;
}
const record = { id: 'c1', userId: 'u' };
const entries = (from: number, count: number): Entry[] => Array.from({ length: count }, (_, i) => ({ t: `Réponse numéro ${from + i} : préparez votre carte Vitale et votre RIB.` }));

function counting() {
  const serialised: string[] = [];
  const blocks = createDocumentBlocks<typeof record, Entry>(4, (e) => {
    serialised.push(e.t);
    return JSON.stringify(e);
  });
  return { blocks, serialised };
}

describe('documents packed in blocks', () => {
  it('read back as they were, wherever the window starts, empty included', () => {
    const { blocks } = counting();
    for (const n of [0, 1, 3, 4, 7]) {
      for (const count of [0, 1, 3, 4, 5, 11]) {
        const doc = { r: record, n, e: entries(n, count) };
        expect(blocks.unpack(blocks.pack(doc))).toEqual(doc);
      }
    }
  });

  it('compress only the block an append changed; full blocks are reused as they are', () => {
    const { blocks, serialised } = counting();
    const e = entries(0, 9);
    blocks.pack({ r: record, n: 0, e });
    expect(serialised).toHaveLength(9);
    serialised.length = 0;
    const more = [...e, ...entries(9, 1)];
    const packed = blocks.pack({ r: record, n: 0, e: more });
    // Blocks [0-3] and [4-7] are unchanged; the last one, [8-9], is packed again.
    expect(serialised).toEqual([e[8]!.t, more[9]!.t]);
    expect(blocks.unpack(packed).e).toEqual(more);
  });

  it('pack the first block again when the window drops its oldest activities', () => {
    const { blocks, serialised } = counting();
    const e = entries(0, 8);
    blocks.pack({ r: record, n: 0, e });
    serialised.length = 0;
    const doc = { r: record, n: 1, e: e.slice(1) };
    expect(blocks.unpack(blocks.pack(doc))).toEqual(doc);
    expect(serialised).toEqual(e.slice(1, 4).map((x) => x.t));
  });

  it('reuse the blocks of a document read from bytes (another instance wrote it)', () => {
    const writer = counting().blocks;
    const { blocks, serialised } = counting();
    const doc = blocks.unpack(writer.pack({ r: record, n: 0, e: entries(0, 8) }));
    const next = { ...doc, e: [...doc.e, ...entries(8, 1)] };
    expect(blocks.unpack(blocks.pack(next))).toEqual(next);
    expect(serialised).toEqual([next.e[8]!.t]);
  });

  it('read documents of the earlier layout (one packed JSON)', () => {
    const doc = { r: record, n: 2, e: entries(2, 5) };
    expect(unpackDocument(packJson(doc))).toEqual(doc);
    expect(counting().blocks.unpack(packJson(doc))).toEqual(doc);
  });

  it('refuse a document whose blocks do not fill it', () => {
    const { blocks } = counting();
    const packed = blocks.pack({ r: record, n: 0, e: entries(0, 5) });
    expect(() => blocks.unpack(Buffer.concat([packed, Buffer.of(0)]))).toThrow(RangeError);
  });
});
