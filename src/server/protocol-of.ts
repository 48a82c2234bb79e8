/**
 * The RPC protocol a request speaks, from its content type: "grpc",
 * "grpc-web" or "connect" (anything else, including Connect GET).
 */
export function protocolOf(contentType: string | null | undefined): "grpc" | "grpc-web" | "connect" {
  const ct = (contentType ?? "").toLowerCase();
  if (ct.startsWith("application/grpc-web")) {
    return "grpc-web";
  }
  if (ct.startsWith("application/grpc")) {
    return "grpc";
  }
  return "connect";
}
