/**
 * A conversation's document packed in blocks, so that a turn compresses what it changed and not
 * the whole replay window. Activities fall in blocks of `blockSize` by their position since the
 * window's start ("n" dropped ones included): a block is compressed when it is written first, and
 * its bytes are reused while it holds the same activities (activities are never changed in place:
 * the same objects, in the same number, are the same block). A turn compresses its last block, and
 * the first one while the window drops its oldest activities.
 *
 * Layout: "B", the header's length (4 bytes, big-endian), the header (JSON: the record, "n", each
 * block's byte length), then each block as packed JSON (packed-json.ts: plain or deflated) of its
 * activities' array. Documents of the earlier layout (one packed JSON) are still read.
 */
import { packJsonText, unpackJson } from '../../state/packed-json.js';

const BLOCKED = 0x42; // "B"
const HEADER_LENGTH_BYTES = 4;

export interface BlockDocument<R, E extends object> {
  r: R;
  /** Activities dropped from the front of the window. */
  n: number;
  e: E[];
}

export interface DocumentBlocks<R, E extends object> {
  pack: (doc: BlockDocument<R, E>) => Buffer;
  unpack: (packed: Buffer) => BlockDocument<R, E>;
}

/** `serialize`: an activity's JSON (the same as JSON.stringify's; the caller may remember it). */
export function createDocumentBlocks<R, E extends object>(blockSize: number, serialize: (entry: E) => string): DocumentBlocks<R, E> {
  if (!(blockSize >= 1)) throw new RangeError(`createDocumentBlocks: blockSize must be at least 1 (got ${blockSize})`);
  // A packed block, found by its first activity (one record per block, replaced as the block
  // grows): still valid when its last activity and its count are the same too.
  const packedBlocks = new WeakMap<E, { last: E; count: number; packed: Buffer }>();
  const remember = (entries: readonly E[], packed: Buffer) => {
    const first = entries[0];
    const last = entries.at(-1);
    if (first && last) packedBlocks.set(first, { last, count: entries.length, packed });
  };
  const packBlock = (entries: readonly E[]): Buffer => {
    const first = entries[0];
    const known = first ? packedBlocks.get(first) : undefined;
    if (known && known.last === entries.at(-1) && known.count === entries.length) return known.packed;
    const packed = packJsonText(`[${entries.map(serialize).join(',')}]`);
    remember(entries, packed);
    return packed;
  };

  return {
    pack(doc) {
      const blocks: Buffer[] = [];
      for (let i = 0; i < doc.e.length; ) {
        // The block of the activity at position n + i ends at the next multiple of blockSize.
        const end = Math.min(doc.e.length, i + blockSize - ((doc.n + i) % blockSize));
        blocks.push(packBlock(doc.e.slice(i, end)));
        i = end;
      }
      const header = Buffer.from(JSON.stringify({ r: doc.r, n: doc.n, b: blocks.map((b) => b.length) }), 'utf8');
      const head = Buffer.alloc(1 + HEADER_LENGTH_BYTES);
      head[0] = BLOCKED;
      head.writeUInt32BE(header.length, 1);
      return Buffer.concat([head, header, ...blocks]);
    },
    unpack: (packed) => unpackDocument<R, E>(packed, remember),
  };
}

/** Reads a document of either layout; `onBlock` is given each block's activities and bytes. */
export function unpackDocument<R, E extends object>(packed: Buffer, onBlock?: (entries: E[], block: Buffer) => void): BlockDocument<R, E> {
  if (packed[0] !== BLOCKED) return unpackJson<BlockDocument<R, E>>(packed);
  const headerEnd = 1 + HEADER_LENGTH_BYTES + packed.readUInt32BE(1);
  const header = JSON.parse(packed.subarray(1 + HEADER_LENGTH_BYTES, headerEnd).toString('utf8')) as { r: R; n: number; b: number[] };
  const e: E[] = [];
  let at = headerEnd;
  for (const length of header.b) {
    // Copied: a remembered block must not keep the whole document's buffer alive.
    const block = Buffer.from(packed.subarray(at, at + length));
    const entries = unpackJson<E[]>(block);
    onBlock?.(entries, block);
    e.push(...entries);
    at += length;
  }
  if (at !== packed.length) throw new RangeError('document blocks: the blocks do not fill the document');
  return { r: header.r, n: header.n, e };
}
