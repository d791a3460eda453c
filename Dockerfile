# One image for every role: `docker run … workos-kafka connector|directory-mirror|notifier|replay …`
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY . .
USER node
ENTRYPOINT ["node", "bin/workos-kafka.js"]
