/** Splits `a.b\.c.0` into ["a", "b.c", "0"]. */
export function splitKey(key: string): string[] {
  const parts: string[] = [""];
  for (let i = 0; i < key.length; i++) {
    if (key[i] === "\\" && key[i + 1] === ".") {
      parts[parts.length - 1] += ".";
      i++;
    } else if (key[i] === ".") parts.push("");
    else parts[parts.length - 1] += key[i];
  }
  return parts;
}
