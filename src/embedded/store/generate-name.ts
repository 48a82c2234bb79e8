import { randomInt } from "node:crypto";

// Kubernetes' names.SimpleNameGenerator alphabet: lowercase consonants and digits without
// vowels or look-alikes, so generated suffixes never spell words and stay DNS-1123 valid.
const alphabet = "bcdfghjklmnpqrstvwxz2456789";
const suffixLength = 5;
// DNS-1123 subdomain names are at most 253 characters; Kubernetes trims the prefix to 63 - 5.
const maxPrefixLength = 58;

/** `generateName` plus a random 5-character suffix, as the Kubernetes API server does. */
export function generateName(prefix: string): string {
  let suffix = "";
  for (let i = 0; i < suffixLength; i++) {
    suffix += alphabet[randomInt(alphabet.length)];
  }
  return prefix.slice(0, maxPrefixLength) + suffix;
}
