# One image for every service and the gateway; the compose file picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY apps ./apps
COPY libs ./libs
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "--import", "@swc-node/register/esm-register"]
