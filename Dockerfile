# Monitr: one image for the web app, the worker, migrations and backups.
# Multi-stage: dependencies → build → a runtime without dev dependencies, running as a non-root user.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# `npm ci` needs platform binaries the lockfile may lack (see ENVIRONMENT.md); `npm install` resolves them.
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN node node_modules/next/dist/bin/next build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
RUN useradd --system --uid 10001 --home-dir /app monitr \
 && apt-get update && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
# postgresql-client (15, like the compose server) is for `npm run backup` / `restore` inside the image.
# Only what runs: production node_modules (tsx is one: the worker and scripts run TypeScript),
# the build output, and the sources the worker, migrations and scripts import.
COPY --from=build --chown=root:root /app/package.json /app/tsconfig.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/public ./public
COPY --from=build --chown=root:root /app/app ./app
COPY --from=build --chown=root:root /app/components ./components
COPY --from=build --chown=root:root /app/lib ./lib
COPY --from=build --chown=root:root /app/db ./db
COPY --from=build --chown=root:root /app/scripts ./scripts
COPY --from=build --chown=root:root /app/sim ./sim
COPY --from=build --chown=root:root /app/next.config.ts /app/proxy.ts ./
# Next writes its image and fetch caches under .next at run time: the only writable path.
COPY --from=build --chown=monitr:monitr /app/.next ./.next
USER monitr
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "node_modules/next/dist/bin/next", "start", "-p", "3000"]
