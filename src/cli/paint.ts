/** Terminal colours, only for a terminal and never under NO_COLOR (no-color.org). */
const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  inverse: [7, 27],
} as const;

export type Style = keyof typeof CODES;

export function colourEnabled(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function painter(enabled: boolean): (style: Style, s: string) => string {
  return (style, s) => {
    if (!enabled || s === '') return s;
    const [on, off] = CODES[style];
    return `\x1b[${on}m${s}\x1b[${off}m`;
  };
}
