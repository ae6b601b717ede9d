/**
 * Where the store call of a save spends its time on the page's main thread (the figure of
 * `npm run bench -- --only=saves`), from a CDP CPU profile in Debian's Chromium.
 *   node --import tsx bench/save-profile.ts [stored=0] [saves=400]
 * Seeds `stored` observations, warms up, then profiles `saves` calls of saveObservation (new
 * observations, as the bench), then as many of the raw shape of the same writes and of the bare
 * strict put (bench/app-page), sampled every 50 µs; prints for each the median wall time, the
 * sampled main-thread time per call (idle apart), and the functions with the most self time.
 */
import { evaluate, launchChromium, newContext } from '../tests/e2e/harness.ts';
import { serveBenchApp } from './app-page/serve.ts';

const stored = Number(process.argv[2] ?? 0);
const saves = Number(process.argv[3] ?? 400);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { server, close } = await serveBenchApp('save-profile', { readable: true });
try {
  const browser = await launchChromium();
  try {
    const { context } = await newContext(browser, server.origin);
    const page = await context.newPage();
    await page.goto('/__bench/index.html');
    await page.waitForFunction('typeof window.benchSeed === "function"');
    if (stored) await evaluate(page, (n: number) => window.benchSeed(n), stored, 300_000);
    await evaluate(page, (n: number) => window.benchSaves(n), 50, 300_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const profiled = async (label: string, run: () => Promise<number[]>) => {
      await cdp.send('Profiler.start');
      const times = await run();
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map<string, number>();
      let busy = 0;
      let total = 0;
      profile.samples.forEach((id, i) => {
        const delta = (profile.timeDeltas[i] ?? 0) / 1000;
        total += delta;
        const frame = byId.get(id)!.callFrame;
        if (frame.functionName === '(idle)') return;
        busy += delta;
        const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
        self.set(name, (self.get(name) ?? 0) + delta);
      });
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`\n${label}, ${saves} with ${stored} stored: median ${sorted[sorted.length >> 1]!.toFixed(2)} ms each (wall)`);
      console.log(`main thread sampled: ${(busy / saves).toFixed(3)} ms busy per call of ${(total / saves).toFixed(3)} ms profiled`);
      for (const [name, msTotal] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
        console.log(`  ${(msTotal / saves).toFixed(3).padStart(7)} ms  ${name}`);
      }
    };
    await profiled('saveObservation', () => evaluate(page, (n: number) => window.benchSaves(n), saves, 300_000));
    await profiled('raw floor of the same shape (3 writes, no read)', () => evaluate(page, (n: number) => window.benchBarePuts(n, 'writes'), saves, 300_000));
    await profiled('bare strict put (the floor)', () => evaluate(page, (n: number) => window.benchBarePuts(n, 'bare'), saves, 300_000));
  } finally {
    await browser.close();
  }
} finally {
  await close();
}
