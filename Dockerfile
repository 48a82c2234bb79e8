# syntax=docker/dockerfile:1
# Kargo API image. The build stage runs the same commands as CI (.ci/run): npm ci, the
# generated-code check is CI's job, typecheck, build. Both stages use one pinned base: Debian
# bookworm with the Node version package.json pins (devDependency "node": 24.21.0).
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) --build-arg BUILD_TIME=$(date -u +%FT%TZ) -t kargo-api .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Everything .dockerignore lets through: typecheck covers test/ too, as in CI.
COPY . .
RUN npm run typecheck && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# git: the embedded controllers' promotion steps (git-clone, git-commit, git-push) and Git
# Warehouse discovery run it (embedded mode only).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null && rm -rf /var/lib/apt/lists/*
# The data directory of embedded mode (a volume); unused in Kubernetes mode.
RUN mkdir /data && chown 65532:65532 /data
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
ARG GIT_COMMIT=""
ARG GIT_TREE_DIRTY="false"
ARG BUILD_TIME=""
# The image has no .git: the version information comes from the build.
ENV NODE_ENV=production \
    KARGO_API_GIT_COMMIT=${GIT_COMMIT} \
    KARGO_API_GIT_TREE_DIRTY=${GIT_TREE_DIRTY} \
    KARGO_API_BUILD_TIME=${BUILD_TIME} \
    KARGO_DATA_DIR=/data \
    GLIBC_TUNABLES=glibc.malloc.arena_max=1
# Non-root, numeric (runAsNonRoot can verify it); the same uid the manifests set.
USER 65532:65532
EXPOSE 8080
# Node itself is PID 1 (no npm, no shell): it receives SIGTERM and drains (GRACEFUL_SHUTDOWN_TIMEOUT).
# Its flags, and GLIBC_TUNABLES above, are the server's production settings (src/config/node-flags.ts says why).
ENTRYPOINT ["node", "--max-semi-space-size=16", "dist/src/main.js"]
