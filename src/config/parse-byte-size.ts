const unitBytes: Record<string, number> = { "": 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 };

/**
 * Parses a byte count: a plain integer ("4194304") or one with a unit
 * ("4MiB", "512KiB", "1MB"). Returns undefined when the text is not a size.
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (m === null) {
    return undefined;
  }
  const unit = unitBytes[m[2].toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}
