import { adminLogin, createKargoClient } from "../../src/client/index.js"; // in your project: "kargo-api-client"

const baseUrl = process.env.KARGO_API_URL ?? "http://localhost:8080";
const password = process.env.KARGO_ADMIN_PASSWORD ?? "";

// Logs in with AdminLogin on the first call, reuses the token until a minute before it expires.
const kargo = createKargoClient(baseUrl, { auth: adminLogin({ password }) });

const { projects, totalSize } = await kargo.projects.listProjects({});
console.log(`${totalSize} project(s): ${projects.map((p) => p.metadata?.name).join(", ")}`);
