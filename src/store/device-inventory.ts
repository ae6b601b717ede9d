/**
 * Everything Contrechamp keeps on the device, in one list: "wipe this device" (wipe.ts) deletes by
 * it, and the modules that write each place take their names from it. A new database, file, key or
 * cache is added here first, or the wipe could leave it behind. The README's architecture section
 * repeats this list for people. Imports nothing, so any layer above may read a name from it cheaply.
 */

export interface InventoryEntry {
  /** The database name, the file name prefix, the key or the cache name prefix. */
  readonly name: string;
  /** What it holds and which module writes it. */
  readonly holds: string;
}

export const DEVICE_INVENTORY = {
  /** IndexedDB databases, each deleted by name (also where `indexedDB.databases()` is missing). */
  indexedDb: {
    main: { name: 'contrechamp', holds: 'observations, photos, outbox, drafts, shared map, meta (device and moderator tokens, cursor, server URL), sync records, publication states, queued actions, map points: store/db.ts' },
    basemap: { name: 'contrechamp-basemap', holds: 'the offline basemap in 1 MiB chunks where OPFS cannot be written, and its record: store/basemap-archive.ts' },
  },
  /** Files in the Origin Private File System, by name prefix. */
  privateFiles: {
    basemap: { name: 'basemap-', holds: 'the offline basemap archive (`basemap-<time>.pmtiles`): store/basemap-archive.ts' },
    export: { name: 'export-', holds: 'an export being written before it is handed to the user: app/export/save-target.ts' },
  },
  /** localStorage keys. */
  localStorage: {
    language: { name: 'contrechamp.language', holds: 'the language the user chose: app/i18n/language.ts' },
  },
  /** Cache Storage caches, by name prefix. */
  caches: {
    appShell: { name: 'workbox-precache', holds: 'the app shell for an offline start: sw/sw.ts (Workbox)' },
  },
  /** Service worker registrations of the origin. */
  serviceWorkers: {
    app: { name: '/sw.js', holds: 'the service worker: sw/sw.ts' },
  },
} as const satisfies Record<string, Record<string, InventoryEntry>>;
