/**
 * End-to-end harness: the built app (dist/, built once when missing or older than its sources),
 * served by the real server (`node scripts/start.mjs`) on a random port with a temporary DATA_DIR,
 * driven in Debian's Chromium through playwright-core. Every test gets a fresh browser context
 * with geolocation allowed and a fake position in Brussels. Every request the pages and the
 * service worker make is recorded; a request to any host but the app's own fails the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = '/usr/bin/chromium';

/** Grand-Place, Brussels. */
export const BRUSSELS = { latitude: 50.8467, longitude: 4.3525, accuracy: 8 } as const;

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Belt and braces for the privacy rule: nothing but localhost resolves. Attempts are still
  // recorded (and fail the test) by the request listener below.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

// ---------------------------------------------------------------------------------------------
// Build

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds dist/ unless it exists and is newer than everything it is built from. */
export function ensureBuilt(): void {
  const built = join(DIST, 'index.html');
  const sw = join(DIST, 'sw.js');
  const sources = Math.max(
    ...['src', 'public', 'scripts', 'index.html', 'explore', 'content', 'vite.config.ts', 'package-lock.json'].map((p) => newestMtime(join(ROOT, p))),
  );
  if (existsSync(built) && existsSync(sw) && statSync(built).mtimeMs >= sources) return;
  viteBuild([]);
}

function viteBuild(args: string[]): void {
  // Vitest sets NODE_ENV=test, and Vite then builds with import.meta.env.PROD false: an app that
  // never registers its service worker. The build must be the production one.
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * What a built app lacks of what it refers to (a copy caught mid-build is incomplete): the service
 * worker and every file of its precache list, the files the page loads, and the web manifest the
 * page links, which the service worker must precache for an offline start. Whether the build
 * registers its service worker at all (a production build, see viteBuild) is seen by
 * waitForController, where the page runs.
 */
export function missingFiles(dir: string): string[] {
  const sw = join(dir, 'sw.js');
  const html = join(dir, 'index.html');
  if (!existsSync(sw) || !existsSync(html)) return ['sw.js or index.html'];
  const urls = [...readFileSync(sw, 'utf8').matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
  if (urls.length === 0) return ['the precache list of sw.js'];
  const page = readFileSync(html, 'utf8');
  const loads = [...page.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!);
  const missing = [...new Set([...urls, ...loads])].filter((url) => !existsSync(join(dir, url)));
  const manifest = /<link rel="manifest" href="\/([^"]+)"/.exec(page)?.[1];
  if (!manifest) missing.push('the web manifest link of index.html');
  else if (!urls.includes(manifest)) missing.push(`${manifest} in the precache list of sw.js`);
  return missing;
}

/**
 * A private copy of the built app for one test file. Other builds may rewrite dist/ while tests
 * run (npm test, npm start, other developers on the same tree); a snapshot keeps the files the
 * service worker precaches consistent. Falls back to building straight into the copy.
 */
export function snapshotBuild(): { dir: string; remove: () => void } {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'contrechamp-dist-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(DIST, dir, { recursive: true });
    if (missingFiles(dir).length === 0) return { dir, remove };
    ensureBuilt();
  }
  viteBuild(['--outDir', dir, '--emptyOutDir']);
  const missing = missingFiles(dir);
  if (missing.length > 0) throw new Error(`the build in ${dir} lacks files it refers to: ${missing.join(', ')}`);
  return { dir, remove };
}

// ---------------------------------------------------------------------------------------------
// Server

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export interface RunningServer {
  origin: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess | null, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode} before answering:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Starts `npm start`'s entry point on a random port with a fresh DATA_DIR, serving `distDir`. */
export async function startServer(distDir: string = DIST, env: Record<string, string> = {}): Promise<RunningServer> {
  const entry = join(ROOT, 'scripts/start.mjs');
  if (!existsSync(entry)) {
    // Until the real server lands: serve dist/ statically so the PWA tests can run.
    console.warn(`e2e: ${entry} is missing; serving dist/ with the harness's static server instead`);
    return startStaticServer([{ prefix: '/', dir: distDir }]);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'contrechamp-e2e-'));
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: distDir, SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const output = () => log.slice(-4000);
  try {
    await waitForHttp(`${origin}/`, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    origin,
    dataDir,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A plain static server for pages that are not the app (the photo test page, the benchmark
 * page). Serves `dir` at `/`; in-app paths fall back to index.html like the real server.
 */
export async function startStaticServer(mounts: Array<{ prefix: string; dir: string }>): Promise<RunningServer> {
  const { default: Fastify } = await import('fastify');
  const { default: fastifyStatic } = await import('@fastify/static');
  const app = Fastify({ logger: false });
  mounts.forEach(({ prefix, dir }, i) => {
    void app.register(fastifyStatic, {
      root: dir,
      prefix,
      decorateReply: i === 0,
      cacheControl: false,
      setHeaders: (res) => res.header('cache-control', 'no-cache'),
    });
  });
  const first = mounts[0];
  if (!first) throw new Error('expected at least one mount');
  app.setNotFoundHandler((_request, reply) => reply.sendFile('index.html', first.dir));
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  return { origin: `http://127.0.0.1:${port}`, dataDir: '', output: () => '', stop: () => app.close() };
}

// ---------------------------------------------------------------------------------------------
// Browser

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    // Not a skip: CI installs it (scripts/install-system-deps.sh); a missing browser is a broken setup.
    throw new Error(`expected Debian's Chromium at ${CHROMIUM}; run scripts/install-system-deps.sh`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface Recorder {
  /** Every URL requested by pages and service workers of the context. */
  requests: string[];
  /** Requests that left the app's origin. */
  foreign: string[];
  /** Uncaught exceptions in pages. */
  pageErrors: string[];
  /** console.error lines, for diagnostics. */
  consoleErrors: string[];
}

const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-extension:', 'chrome:']);

export function isForeign(url: string, origin: string): boolean {
  const parsed = new URL(url);
  if (LOCAL_SCHEMES.has(parsed.protocol)) return false;
  return parsed.origin !== origin;
}

export async function newContext(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; recorder: Recorder }> {
  const context = await browser.newContext({
    baseURL: origin,
    geolocation: BRUSSELS,
    permissions: ['geolocation'],
    locale: 'fr-BE',
    timezoneId: 'Europe/Brussels',
    viewport: { width: 360, height: 740 },
    serviceWorkers: 'allow',
    ...options,
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const recorder: Recorder = { requests: [], foreign: [], pageErrors: [], consoleErrors: [] };
  context.on('request', (request) => {
    const url = request.url();
    if (process.env.E2E_DEBUG) console.log(`[request] ${url}`);
    recorder.requests.push(url);
    if (isForeign(url, origin)) recorder.foreign.push(url);
  });
  if (process.env.E2E_DEBUG) {
    context.on('response', (r) => console.log(`[response] ${r.status()} ${r.url()}`));
    context.on('requestfailed', (r) => console.log(`[failed] ${r.url()} ${r.failure()?.errorText}`));
  }
  const watchPage = (page: Page) => {
    page.on('pageerror', (error) => recorder.pageErrors.push(`${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') recorder.consoleErrors.push(message.text());
      if (process.env.E2E_DEBUG) console.log(`[page ${message.type()}] ${message.text()}`);
    });
  };
  context.on('page', watchPage);
  return { context, recorder };
}

/**
 * Evaluates `fn(arg)` in the page under a timeout that runs inside the page too, so a promise
 * that never settles fails with a message instead of hanging the test until its global timeout.
 * `fn` must be self-contained (it is sent as source).
 */
export async function evaluate<A, R>(
  page: Page,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
  timeoutMs = 10_000,
  label = fn.name || 'page function',
): Promise<R> {
  // `__name`: esbuild's keepNames (tsx, used by bench/) wraps functions in it; the page lacks it.
  const expression = `(() => {
    const __name = (f) => f;
    const fn = (${fn.toString()});
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(${JSON.stringify(label)} + ' did not settle within ${timeoutMs} ms')), ${timeoutMs});
    });
    return Promise.race([Promise.resolve().then(() => fn(${JSON.stringify(arg) ?? 'undefined'})), timeout])
      .finally(() => clearTimeout(timer));
  })()`;
  return (await page.evaluate(expression)) as R;
}

/**
 * Polls from Node until `fn` returns a truthy value in the page. Short evaluations on purpose: a
 * long-pending evaluation starves the page's animation frames in headless Chromium, and with
 * them Preact's effects (the service worker registration among them).
 */
export async function pollInPage<R>(page: Page, fn: () => R, label: string, timeoutMs = 30_000): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await evaluate(page, fn, undefined, 5_000, label);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${label}: still false after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves once a service worker controls the page (the first load included: clientsClaim). */
export async function waitForController(page: Page, timeoutMs = 90_000): Promise<string> {
  try {
    return await pollInPage(
      page,
      () => navigator.serviceWorker.controller?.scriptURL ?? '',
      'waiting for a service worker to control the page',
      timeoutMs,
    );
  } catch (error) {
    const states = await evaluate(
      page,
      async () => {
        const registrations = await navigator.serviceWorker.getRegistrations();
        return {
          readyState: document.readyState,
          registrations: registrations.map((r) => ({
            scope: r.scope,
            installing: r.installing?.state ?? null,
            waiting: r.waiting?.state ?? null,
            active: r.active?.state ?? null,
          })),
        };
      },
      undefined,
    ).catch((e: unknown) => String(e));
    // No registration at all: a build whose import.meta.env.PROD was false (NODE_ENV other than
    // production) leaves the registration out.
    const hint = typeof states === 'object' && states.registrations.length === 0 ? ' (none registered: a non-production build?)' : '';
    throw new Error(`${String(error)}; service worker state: ${JSON.stringify(states)}${hint}`, { cause: error });
  }
}

/** `[data-testid="…"]`: the stable test hooks (a contract: renaming one breaks the tests). */
export const tid = (id: string): string => `[data-testid="${id}"]`;

// ---------------------------------------------------------------------------------------------
// Vitest wiring

export interface E2E {
  server: RunningServer;
  /** The snapshot of dist/ the server serves. */
  distDir: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  recorder: Recorder;
  /** A fresh context (e.g. another device) recorded like the default one; closed after the test. */
  extraContext: (options?: BrowserContextOptions) => Promise<{ context: BrowserContext; recorder: Recorder }>;
}

/**
 * Call at the top of a test file: builds, starts the server and Chromium once per file, and a
 * fresh context + page per test. After each test, fails if any request left the app's origin or
 * a page threw an uncaught exception.
 */
export function useApp(options: { server?: (distDir: string) => Promise<RunningServer>; context?: BrowserContextOptions } = {}): E2E {
  const state = {} as E2E;
  const recorders: Recorder[] = [];
  const contexts: BrowserContext[] = [];
  let removeSnapshot = () => {};
  beforeAll(async () => {
    const snapshot = snapshotBuild();
    removeSnapshot = snapshot.remove;
    state.distDir = snapshot.dir;
    state.server = await (options.server ?? startServer)(snapshot.dir);
    state.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
    removeSnapshot();
  });
  beforeEach(async () => {
    recorders.length = 0;
    contexts.length = 0;
    state.extraContext = async (extra = {}) => {
      const made = await newContext(state.browser, state.server.origin, { ...options.context, ...extra });
      recorders.push(made.recorder);
      contexts.push(made.context);
      return made;
    };
    const { context, recorder } = await state.extraContext();
    state.context = context;
    state.recorder = recorder;
    state.page = await context.newPage();
  });
  afterEach(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    const foreign = recorders.flatMap((r) => r.foreign);
    const errors = recorders.flatMap((r) => r.pageErrors);
    if (foreign.length > 0) {
      throw new Error(`requests left the app's origin ${state.server.origin}:\n${foreign.join('\n')}`);
    }
    if (errors.length > 0) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
  });
  return state;
}
