import { encodePng } from './png.js';

/** The Assurance Maladie's dark blue. */
const BLUE = [0x0c, 0x41, 0x9a] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/**
 * A speech bubble with three dots, in coordinates from 0 to 1: the assistant's symbol, drawn
 * here rather than committed as binary files so that both icons always match.
 */
function inBubble(x: number, y: number): boolean {
  const [left, top, right, bottom, r] = [0.16, 0.2, 0.84, 0.66, 0.1];
  const cx = Math.min(Math.max(x, left + r), right - r);
  const cy = Math.min(Math.max(y, top + r), bottom - r);
  const inRect = x >= left && x <= right && y >= top && y <= bottom && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  // Tail: triangle (0.28,0.64) (0.46,0.64) (0.26,0.84).
  const inTail = y >= 0.64 && y <= 0.84 && x >= 0.26 + (y - 0.64) * -0.1 && x <= 0.46 - ((y - 0.64) / 0.2) * 0.2;
  return inRect || inTail;
}

function inDot(x: number, y: number): boolean {
  return [0.33, 0.5, 0.67].some((dx) => (x - dx) ** 2 + (y - 0.43) ** 2 <= 0.055 ** 2);
}

/** Renders with 4×4 supersampling so that edges are smooth. */
function render(size: number, pixel: (x: number, y: number) => readonly [number, number, number, number]): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [pr, pg, pb, pa] = pixel((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      }
      const o = (py * size + px) * 4;
      rgba[o] = a ? Math.round(r / a) : 0;
      rgba[o + 1] = a ? Math.round(g / a) : 0;
      rgba[o + 2] = a ? Math.round(b / a) : 0;
      rgba[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

/** Teams' colour icon: 192×192, a white bubble on the blue background. */
export function colorIcon(): Buffer {
  return render(192, (x, y) => (inBubble(x, y) && !inDot(x, y) ? [...WHITE, 1] : [...BLUE, 1]));
}

/** Teams' outline icon: 32×32, white on transparent only. */
export function outlineIcon(): Buffer {
  return render(32, (x, y) => (inBubble(x, y) && !inDot(x, y) ? [...WHITE, 1] : [...WHITE, 0]));
}
