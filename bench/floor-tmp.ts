import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { openDb, today } from '../src/server/db.ts'; import { publicIdOf } from '../src/server/public-id.ts'; import { registerDevice } from '../src/server/tokens.ts';
import { benchObservation } from './export-dataset.ts';
for (let run = 1; run <= 3; run++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-')); const db = openDb(dataDir);
  const device = registerDevice(db).id; const publicId = publicIdOf(db); const day = today();
  const values = Array.from({ length: 20000 }, (_, i) => { const o = benchObservation(i, { run, ownPhotos: false }); return [i + 1, o.id, o.version, o.kind, 0, device, JSON.stringify(o), day, o.position.lon, o.position.lat, i + 1, publicId(o.id)] as const; });
  const insert = db.prepare(`INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, lon, lat, queue_order, public_id) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let b = 0; b < 20000; b += 500) db.transaction(() => { for (let i = b; i < b + 500; i++) insert.run(...values[i]!); }).immediate();
  const wall = (performance.now() - t0) * 1000 / 20000; const c = process.cpuUsage(c0);
  console.log(`floor: wall ${wall.toFixed(2)} µs/obs, cpu ${((c.user + c.system) / 20000).toFixed(2)} µs/obs (user ${(c.user/20000).toFixed(2)})`);
  db.close(); fs.rmSync(dataDir, { recursive: true, force: true });
}
