import { ALIAS_ADJECTIVES, ALIAS_ANIMALS } from "./alias-words.js";

/** A source of uniform random numbers in [0, 1), like Math.random (injectable for tests). */
export type RandomSource = () => number;

function pick(words: readonly string[], random: RandomSource): string {
  return words[Math.min(words.length - 1, Math.floor(random() * words.length))]!;
}

/**
 * A random human-friendly Freight alias of the form `<adjective>-<animal>` ("brave-otter"), as
 * Kargo's webhook assigns when a Freight is created without one. Uniqueness within a project is
 * the caller's concern (see uniqueFreightAlias).
 */
export function generateFreightAlias(random: RandomSource = Math.random): string {
  return `${pick(ALIAS_ADJECTIVES, random)}-${pick(ALIAS_ANIMALS, random)}`;
}

/** Attempts at a plain `<adjective>-<animal>` before a numeric suffix is added. */
const PLAIN_ATTEMPTS = 32;

/**
 * A generated alias that `isTaken` reports free: random `<adjective>-<animal>` pairs first, then,
 * once a project has used up many pairs, `<adjective>-<animal>-<n>` so generation always ends.
 */
export function uniqueFreightAlias(isTaken: (alias: string) => boolean, random: RandomSource = Math.random): string {
  for (let attempt = 0; attempt < PLAIN_ATTEMPTS; attempt++) {
    const alias = generateFreightAlias(random);
    if (!isTaken(alias)) return alias;
  }
  for (let n = 2; ; n++) {
    const alias = `${generateFreightAlias(random)}-${n}`;
    if (!isTaken(alias)) return alias;
  }
}
