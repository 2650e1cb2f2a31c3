# The web and the worker share one image; compose picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# No dev dependencies, and no postinstall (the Temporal binaries are for development only).
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm rebuild argon2 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY web/views ./web/views
COPY web/public ./web/public
USER node
EXPOSE 3000
CMD ["node", "dist/web/server.js"]
