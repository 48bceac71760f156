import { describe, expect, it } from 'vitest';
import { createSealer } from '../../../src/engine/seal.js';

describe('sealed secrets in the conversation state', () => {
  it('never holds the secret in clear, and opens only with the same key', () => {
    const a = createSealer('shared secret');
    const box = a.seal('K7M2P9X4R8TQ');
    expect(box).not.toContain('K7M2P9X4R8TQ');
    expect(a.seal('K7M2P9X4R8TQ')).not.toBe(box);
    expect(createSealer('shared secret').open(box)).toBe('K7M2P9X4R8TQ');
    expect(createSealer('another secret').open(box)).toBeUndefined();
    expect(createSealer().open(box)).toBeUndefined();
  });

  it('refuses an altered or truncated box', () => {
    const sealer = createSealer('s');
    const box = sealer.seal('034567');
    // One character of the authentication tag changed, always to another one (a whole byte differs).
    const at = 20;
    const flipped = `${box.slice(0, at)}${box[at] === 'A' ? 'B' : 'A'}${box.slice(at + 1)}`;
    expect(flipped).not.toBe(box);
    expect(sealer.open(flipped)).toBeUndefined();
    expect(sealer.open(box.slice(0, 10))).toBeUndefined();
    expect(sealer.open('not base64 at all !')).toBeUndefined();
  });
});
