// RFC 6750 §2.1: `Bearer` (case-insensitive scheme, RFC 7235), exactly one space, one b64token.
// Anything else — another scheme, extra spaces, two tokens joined by a comma — is not a token.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

// Real tokens are a few KiB at most; refusing huge ones keeps them away from parsers and the API.
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * The bearer token of an `Authorization` header value; undefined when the header is absent or not
 * exactly one well-formed bearer token.
 */
export function parseBearerToken(authorization: string | null | undefined): string | undefined {
  if (authorization === null || authorization === undefined || authorization.length > MAX_TOKEN_LENGTH + 7) {
    return undefined;
  }
  return BEARER.exec(authorization)?.[1];
}
