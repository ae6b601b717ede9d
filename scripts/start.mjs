// `npm start`: builds the app when dist/ is missing or older than its sources, then starts the
// server (TypeScript run through tsx) with PORT, HOST and DATA_DIR from the environment.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.resolve(root, process.env.DIST_DIR || 'dist');

/** Newest modification time under the given paths; the server's own code never needs a rebuild. */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (p === path.join(root, 'src', 'server')) return;
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (st.mtimeMs > newest) {
      newest = st.mtimeMs;
    }
  };
  for (const p of paths) visit(path.join(root, p));
  return newest;
}

function needsBuild() {
  const built = path.join(distDir, 'index.html');
  if (!fs.existsSync(built)) return 'dist/ is missing';
  const sources = newestMtime(['index.html', 'vite.config.ts', 'src', 'public', 'tsconfig.sw.json']);
  return sources > fs.statSync(built).mtimeMs ? 'the sources are newer than dist/' : null;
}

const reason = process.env.SKIP_BUILD === '1' ? null : needsBuild();
if (reason) {
  console.log(`Building the app (${reason})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed; not starting the server.');
    process.exit(build.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/server/main.ts');
await main();
