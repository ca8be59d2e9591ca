# cdp-bot as a container: compiled JavaScript, production dependencies only, non-root.
#   docker build -t cdp-bot .        docker compose up   (the bot with PostgreSQL: compose.yaml)
# Configuration is by environment variable (README, "Configuration"); the embedded database,
# when DATABASE_URL is unset, lives in the /data volume.

# ---- build: install everything, generate the Prisma client, compile to dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The install's postinstall step (prisma generate + compile) needs the sources: copy them first.
COPY prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY scripts/build.mjs ./scripts/build.mjs
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
RUN npm ci --no-audit --no-fund \
 && test -f dist/src/cli/main.js \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: what `cdp start` needs, nothing else ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/bin ./bin
COPY --from=build /app/scripts/build.mjs ./scripts/build.mjs
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains sends in flight and closes the database: give it the 10 s it needs.
STOPSIGNAL SIGTERM
# Memory (issue 18): glibc's per-thread malloc arenas keep what the database worker and V8's
# helper threads once used; two arenas keep idle RSS ~30 MB lower. The node flags are npm start's.
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=1", "--wasm-lazy-compilation", "bin/cdp.js", "start"]
