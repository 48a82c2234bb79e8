import { setImmediate as nextTurn } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { Composer, isScalar, Lexer, LineCounter, Parser, visit, type CST, type Document } from "yaml";
import { assertHeight } from "./assert-height.js";
import { tooDeep, tooManyDocuments, type ManifestLimits } from "./manifest-limits.js";

/**
 * The values of a YAML stream's documents (YAML 1.2 core schema, as JSON reads it: no timestamps
 * turned into dates; duplicate keys are an error, as in kubectl), read within `limits`:
 * - yaml's parseAllDocuments, step by step: the lexer's tokens go to the parser one at a time and
 *   the parser's stack (one entry per open collection, plus the document and the node being
 *   read) is checked after each, because the parser's cost per token grows with what is open
 *   (10^6 `[` took seconds and a gigabyte). It gets twice the depth limit plus room for its own
 *   entries: a guard against runaway cost; the exact limit is applied to each value;
 * - documents are counted as the parser finishes them, so the one too many stops the reading;
 * - alias expansion is capped (yaml's maxAliasCount), and the nesting aliases build is measured;
 * - the reading gives the event loop back every {@link SLICE_MS} (and between documents): YAML
 *   costs far more than JSON (a 4 MiB manifest is seconds of CPU), and other callers must not
 *   wait for it. What stays in one piece is each step over one whole document: composing it,
 *   checking its keys, converting it, measuring it.
 * INVALID_ARGUMENT naming the document (counted from 1) for a syntax error or a limit.
 */
export async function readYamlStream(text: string, limits: ManifestLimits): Promise<unknown[]> {
  const lines = new LineCounter();
  const documents = await composeDocuments(text, limits, lines);
  const values: unknown[] = [];
  for (const [index, document] of documents.entries()) {
    values.push(await toValue(document, index, limits, lines));
  }
  return values;
}

/** Longest stretch of YAML reading between two turns of the event loop. */
const SLICE_MS = 10;

/** One document's value; the event loop gets a turn before each step (each walks the whole document). */
async function toValue(document: Document.Parsed, index: number, limits: ManifestLimits, lines: LineCounter): Promise<unknown> {
  await nextTurn();
  const error = document.errors[0] ?? duplicateKey(document);
  if (error) {
    // The library's message continues with a source excerpt over several lines: keep the first.
    const reason = error.message.split("\n", 1)[0];
    const { line, col } = lines.linePos(error.pos[0]);
    throw new ConnectError(
      `manifest does not parse: document ${index + 1}: ${reason} at line ${line}, column ${col}`,
      Code.InvalidArgument,
      undefined,
      undefined,
      error,
    );
  }
  await nextTurn();
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxAliases });
  } catch (cause) {
    // Alias expansion past the limit (a "billion laughs" document) and similar.
    throw new ConnectError(`manifest does not parse: document ${index + 1}: ${(cause as Error).message}`, Code.InvalidArgument, undefined, undefined, cause);
  }
  // Aliases can stack nesting the parser never saw (and make cycles): measure the value.
  await nextTurn();
  assertHeight(value, limits.maxDepth, () => tooDeep(index, limits));
  return value;
}

async function composeDocuments(text: string, limits: ManifestLimits, lines: LineCounter): Promise<Document.Parsed[]> {
  const parser = new Parser(lines.addNewLine);
  // yaml's own duplicate-key check compares each key with every earlier key of its map: a 4 MiB
  // map of short keys took minutes. duplicateKey does the same check in one pass.
  const composer = new Composer({ version: "1.2", schema: "core", uniqueKeys: false });
  const maxStack = 2 * limits.maxDepth + 4;
  const documents: Document.Parsed[] = [];
  let documentCount = 0;
  const take = (tokens: Iterable<CST.Token>) => {
    for (const token of tokens) {
      if (token.type === "document" && ++documentCount > limits.maxDocuments) throw tooManyDocuments(limits);
      for (const document of composer.next(token)) documents.push(document as Document.Parsed);
    }
  };
  // Parser.parse() reports the first line's start itself; driven token by token, we do.
  lines.addNewLine(0);
  let sliceStart = performance.now();
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    take(parser.next(lexeme));
    if (parser.stack.length > maxStack) throw tooDeep(documentCount, limits);
    if (++count % 256 === 0 && performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  take(parser.end());
  for (const document of composer.end()) documents.push(document as Document.Parsed);
  return documents;
}

/** The first key repeated in a map of the document (equal scalar values, as yaml compares them). */
function duplicateKey(document: Document.Parsed): { message: string; pos: [number, number] } | undefined {
  let found: { message: string; pos: [number, number] } | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          found = { message: "Map keys must be unique", pos: [key.range?.[0] ?? 0, key.range?.[1] ?? 0] };
          return visit.BREAK;
        }
        seen.add(key.value);
      }
      return undefined;
    },
  });
  return found;
}
