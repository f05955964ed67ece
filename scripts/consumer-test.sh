#!/usr/bin/env bash
# Issue 16: the package as a developer installs it. Packs this repository, installs the tarball into a
# throwaway project outside it (test/consumer/ holds that project's files) and runs every way of using it there:
# the CLI with curl, a Node ESM script, a CommonJS one, node --test, Vitest, Playwright Test (orgo-sandbox/node
# and the orgo-sandbox/playwright fixture), a Vite build of a page that imports orgo-sandbox/browser, the README's
# Storybook recipe, and tsc over the declarations. Prints the install footprint.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'kill "${CLI_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
step() { printf '\n== consumer: %s\n' "$*"; }

step "npm pack"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$(ls "$WORK"/orgo-sandbox-*.tgz)"
echo "tarball: $(basename "$TARBALL") $(du -k "$TARBALL" | cut -f1) KB"

step "install footprint (the tarball alone)"
mkdir "$WORK/bare" && (cd "$WORK/bare" && npm init -y >/dev/null && npm i -D --no-audit --no-fund "$TARBALL" >/dev/null)
echo "node_modules: $(du -sm "$WORK/bare/node_modules" | cut -f1) MB, $(ls "$WORK/bare/node_modules" | wc -l) top-level packages"

step "install into the app, with its test tools"
cp -r "$ROOT/test/consumer" "$WORK/app"
cd "$WORK/app"
npm i -D --no-audit --no-fund "$TARBALL" vitest@4.1.12 vite@8.3.4 @playwright/test@1.65.1 typescript@5.9.3 @types/node@20 >/dev/null

step "npx orgo-sandbox --no-ui, then curl"
PORT=4777
npx orgo-sandbox --no-ui --port "$PORT" >"$WORK/cli.log" 2>&1 &
CLI_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/__sandbox/health" >/dev/null && break; sleep 0.1; done
TOKEN="$(curl -sf "http://127.0.0.1:$PORT/__sandbox/state" | node -pe 'JSON.parse(require("fs").readFileSync(0)).apiTokens[0].token')"
curl -sf -H "Api-Token: $TOKEN" "http://acme.localhost:$PORT/api/v1/me" | node -e 'const me=JSON.parse(require("fs").readFileSync(0)); if (me.email !== "admin@acme.test") process.exit(1); console.log("cli ok", me.email)'
npx sandbox --version

step "node --import orgo-sandbox/localhost-dns: every tenant from Node"
node --import orgo-sandbox/localhost-dns dns.mjs "$PORT"
# npx may hand the process on: stop whatever serves the port, then forget the pid.
kill "$CLI_PID" 2>/dev/null || true
pkill -f "orgo-sandbox --no-ui --port $PORT" 2>/dev/null || true
CLI_PID=

step "node esm.mjs, node cjs.cjs, node workflows.mjs"
node esm.mjs
node cjs.cjs
node workflows.mjs

step "node --test"
node --test node-test.test.mjs

step "vitest"
npx vitest run vitest.test.ts

step "playwright test (orgo-sandbox/node in the test process; orgo-sandbox/playwright in Debian's Chromium)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test --reporter=line

step "npx orgo-sandbox init-worker web/ (MSW's service worker for the browser sandbox)"
npx orgo-sandbox init-worker web >/dev/null
test -s web/mockServiceWorker.js && echo "init-worker ok"

step "vite build of a page importing orgo-sandbox/browser"
npx vite build web --outDir "$WORK/web-dist" --logLevel warn
ls "$WORK/web-dist/assets" | grep -q '\.js$'
echo "vite ok"

step "Storybook recipe: msw-storybook-addon's mswLoader with the sandbox's worker, CSF stories in Chromium"
# The addon's peer is Storybook itself; this check renders the stories without its toolchain (docs/decisions/012).
npm i -D --no-audit --no-fund --legacy-peer-deps msw-storybook-addon@3.0.3 >/dev/null
npx orgo-sandbox init-worker storybook/public >/dev/null
npx vite build storybook --outDir ../storybook-dist --emptyOutDir --logLevel error
STORYBOOK_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')" \
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test -c playwright.storybook.config.ts --reporter=line

step "tsc over the declarations"
npx tsc -p tsconfig.json
echo "types ok"
printf '\nconsumer: every use passed\n'
