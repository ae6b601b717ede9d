/**
 * Property: the ZIP bundle then its import is lossless for every kind, tombstones included
 * (generated observations with the nastiest texts the codec tests know), into an empty device.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readmeText } from '../../../src/core/codecs/readme-text.ts';
import { readImportFile } from '../../../src/app/export/read-import-file.ts';
import { writeBundle } from '../../../src/app/export/zip-bundle.ts';
import { openDb } from '../../../src/store/db.ts';
import { listAllObservations } from '../../../src/store/export-reads.ts';
import { applyImport } from '../../../src/store/import.ts';
import { observationArbitrary } from '../codecs/observation-arbitraries.ts';

describe('ZIP bundle then import', () => {
  it('restores exactly what was exported, for every kind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(observationArbitrary({ tombstones: true }), { selector: (o) => o.id, minLength: 1, maxLength: 12 }), async (observations) => {
        const parts: Uint8Array[] = [];
        await writeBundle({ write: async (chunk) => void parts.push(chunk.slice()) }, { observations, acked: {}, readPhoto: async () => undefined, readme: readmeText('en') });
        const source = await readImportFile(new Blob(parts as Uint8Array<ArrayBuffer>[]));
        expect(source.skippedTotal).toBe(0);

        globalThis.indexedDB = new IDBFactory();
        const db = await openDb(`round-trip`);
        try {
          const plan = await applyImport(db, source.bundle);
          expect(plan.totals.new).toBe(observations.length);
          const stored = (await listAllObservations(db)).observations;
          const byId = (list: typeof observations) => [...list].sort((a, b) => a.id.localeCompare(b.id));
          expect(byId(stored)).toEqual(byId(observations));
        } finally {
          db.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
