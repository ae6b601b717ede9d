import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

// The server suite's second run needs PostgreSQL 15 + PostGIS (CI installs them); elsewhere it skips, saying so.
const hasPostgres = fs.existsSync('/usr/lib/postgresql/15/bin/initdb') && fs.existsSync('/usr/share/postgresql/15/extension/postgis.control');
if (!hasPostgres) console.warn('server-postgres tests skipped: PostgreSQL 15 with PostGIS is not installed (scripts/install-system-deps.sh)');

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
        esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
      },
      ...(hasPostgres ? [{
        // The server's integration suite again, on PostgreSQL + PostGIS (a cluster per test file,
        // pg-cluster.ts); SQLite-only files (its migrations, backup, npm start) stay in `unit`.
        test: {
          name: 'server-postgres',
          include: ['tests/unit/server/**/*.test.ts', 'tests/unit/sync/engine.test.ts'],
          exclude: ['tests/unit/server/{db,cli,start,json-equal,public-form,object-storage,redis-limits,postgres-nodes,pg-cursor,migrate-to-postgres}.test.ts'],
          environment: 'node',
          env: { CONTRECHAMP_TEST_STORE: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      }] : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One browser at a time: CI has 2 cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A real browser and a real server on 2 shared cores: one retry absorbs a scheduling stall;
          // a test that fails twice fails the run.
          retry: 1,
        },
      },
    ],
  },
});
