import { createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";

const baseUrl = process.env.KARGO_API_URL ?? "http://localhost:8080";
const token = process.env.KARGO_API_TOKEN; // from AuthService.AdminLogin (id_token) or your identity provider

// Every call carries the bearer token.
const bearer: Interceptor = (next) => (req) => {
  if (token) req.header.set("authorization", `Bearer ${token}`);
  return next(req);
};

const client = createClient(SystemService, createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearer] }));
const { versionInfo } = await client.getVersionInfo({});
console.log(`kargo-api ${versionInfo?.version} (commit ${versionInfo?.gitCommit || "unknown"}) on Node ${versionInfo?.nodeVersion}`);
