import { createKargoClient, staticToken, watchResumable, WatchEventType } from "../../src/client/index.js"; // in your project: "kargo-api-client"

const baseUrl = process.env.KARGO_API_URL ?? "http://localhost:8080";
const project = process.env.KARGO_PROJECT ?? "kargo-demo";
const kargo = createKargoClient(baseUrl, { auth: staticToken(process.env.KARGO_API_TOKEN ?? "") });

// Follows the project's Promotions until one finishes. watchResumable reconnects after a broken
// stream from the last version seen (no gap, nothing twice) and starts over on OUT_OF_RANGE.
const abort = new AbortController();
const phases = new Map<string, string>();
for await (const event of watchResumable(kargo.promotions.watchPromotions, { project }, { signal: abort.signal })) {
  if (event.type === "RESYNC") {
    phases.clear(); // a fresh snapshot follows: forget what we knew
    continue;
  }
  if (event.type === WatchEventType.BOOKMARK || !event.promotion) continue;
  const name = event.promotion.metadata?.name ?? "";
  const phase = event.promotion.status?.phase || "Pending";
  if (phases.get(name) === phase) continue;
  phases.set(name, phase);
  console.log(`${name} ${phase}`);
  if (["Succeeded", "Failed", "Errored", "Aborted"].includes(phase)) abort.abort(); // ends the loop
}
