import { adminLogin, createKargoClient, watchResumable, WatchEventType } from "kargo-api-client";
import type { Promotion } from "kargo-api-client/gen/kargo/api/v1/promotion_pb.js";

const baseUrl = process.env.KARGO_API_URL ?? "http://localhost:8080";
const project = process.env.KARGO_PROJECT ?? "kargo-demo";

// Logs in with AdminLogin on the first call and keeps the token until shortly before it expires.
// Before that first call the client checks that the server speaks the same major contract version.
const kargo = createKargoClient(baseUrl, { auth: adminLogin({ password: process.env.KARGO_ADMIN_PASSWORD ?? "" }) });

const { versionInfo } = await kargo.system.getVersionInfo({});
console.log(`server ${versionInfo?.version}, contract ${versionInfo?.contractVersion}`);

const { projects } = await kargo.projects.listProjects({});
console.log(`projects: ${projects.map((p) => p.metadata?.name).join(", ")}`);

const describe = (p: Promotion) => `${p.metadata?.name} of ${p.spec?.freight} to ${p.spec?.stage}: ${p.status?.phase || "Pending"}`;

// The project's Promotions: first the current ones (a snapshot ending with a BOOKMARK), then every
// change as it happens. watchResumable reconnects after a broken stream without missing an event.
// This program stops at the first change after the snapshot; drop the abort to follow forever.
const stop = new AbortController();
let live = false;
for await (const event of watchResumable(kargo.promotions.watchPromotions, { project }, { signal: stop.signal })) {
  if (event.type === "RESYNC") {
    live = false; // a fresh snapshot follows
  } else if (event.type === WatchEventType.BOOKMARK) {
    if (!live) console.log(`watching promotions of ${project}`);
    live = true;
  } else if (event.promotion) {
    console.log(`${WatchEventType[event.type]} ${describe(event.promotion)}`);
    if (live) stop.abort();
  }
}
