import type { DescMethod } from "@bufbuild/protobuf";

// RPCs callable without a token: what a client needs before it can sign in, plus the protocol
// services load balancers and tools call anonymously.
const EXEMPT_METHODS = new Set(["kargo.api.v1.SystemService/GetPublicConfig", "kargo.api.v1.AuthService/AdminLogin"]);
const EXEMPT_SERVICES = new Set(["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]);

/** Whether an RPC (service type name + method name) needs no authentication. */
export function isExemptProcedure(serviceTypeName: string, methodName: string): boolean {
  return EXEMPT_SERVICES.has(serviceTypeName) || EXEMPT_METHODS.has(`${serviceTypeName}/${methodName}`);
}

const exemptMethods = new WeakMap<DescMethod, boolean>();

/** {@link isExemptProcedure} of a method, remembered per method descriptor: it is asked on every call. */
export function isExemptMethod(method: DescMethod): boolean {
  let exempt = exemptMethods.get(method);
  if (exempt === undefined) {
    exemptMethods.set(method, (exempt = isExemptProcedure(method.parent.typeName, method.name)));
  }
  return exempt;
}
