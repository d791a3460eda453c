# One image for every role: `docker run … workos-kafka connector|directory-mirror|notifier|replay|status …`
# Multi-stage: the compiler, the build toolchain and the dev dependencies stay in the build stages;
# the final image holds the compiled product (dist/, bin/), its runtime dependencies and nothing
# else (no test/, bench/, campaign/ or sources), and runs as the unprivileged `node` user.
ARG NODE_VERSION=26.12.1

FROM node:${NODE_VERSION}-bookworm-slim AS toolchain
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS build
# --ignore-scripts: `prepare` would compile before the sources are copied; better-sqlite3 is
# rebuilt explicitly because its install script is the one the product needs.
RUN npm install --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY schemas schemas
COPY connector connector
COPY consumers consumers
COPY cli cli
COPY emulator emulator
COPY stack stack
RUN npm run build

FROM toolchain AS runtime-dependencies
# A runtime install has no compiler, so the project's own `prepare` (tsc) is dropped here.
RUN npm pkg delete scripts.prepare && npm install --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-dependencies /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
USER node
# bin/workos-kafka.js sets its V8 flags itself (it re-executes once with them, same pid).
ENTRYPOINT ["node", "bin/workos-kafka.js"]
