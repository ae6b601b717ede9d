/**
 * Where the ZIP bundle is written as it is made, so that a gigabyte of photos never sits in memory:
 * 1. the file the walker picks (File System Access `showSaveFilePicker`: desktop Chromium), written
 *    chunk by chunk; nothing to download afterwards;
 * 2. else a file in the origin-private file system (OPFS), written chunk by chunk, then handed to
 *    the download (and to Web Share) as a disk-backed File; it is deleted when the export view
 *    opens again or ten minutes later, whichever comes first;
 * 3. else (no writable OPFS, e.g. older Safari) Blob parts in memory, merged every few megabytes:
 *    the browser may page large Blobs to disk, but nothing promises it. A service-worker download
 *    stream would bound memory there too; not done yet.
 * Every write is awaited, so the writer never runs ahead of the disk.
 */
import { DEVICE_INVENTORY } from '../../store/device-inventory.ts';
import type { ByteSink } from './zip-bundle.ts';

export type SavedTo = { kind: 'picked' } | { kind: 'file'; file: File };

export interface SaveTarget {
  via: 'picker' | 'opfs' | 'memory';
  sink: ByteSink;
  close(): Promise<SavedTo>;
  abort(): Promise<void>;
}

interface WritableFile {
  write(data: BufferSource | Blob | string): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
interface PickedHandle {
  createWritable(): Promise<WritableFile>;
}
type SaveFilePicker = (options: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }) => Promise<PickedHandle>;

const OPFS_PREFIX = DEVICE_INVENTORY.privateFiles.export.name;
const CLEANUP_MS = 10 * 60 * 1000;

const copy = (chunk: Uint8Array): Uint8Array<ArrayBuffer> => (chunk.buffer instanceof ArrayBuffer ? (chunk as Uint8Array<ArrayBuffer>) : new Uint8Array(chunk));

function fileTarget(via: 'picker' | 'opfs', writable: WritableFile, finish: () => Promise<SavedTo>): SaveTarget {
  return {
    via,
    sink: { write: (chunk) => writable.write(copy(chunk)) },
    close: async () => {
      await writable.close();
      return finish();
    },
    abort: () => writable.abort().catch(() => undefined),
  };
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return (await navigator.storage?.getDirectory?.()) ?? null;
  } catch {
    return null;
  }
}

/** Deletes export files left in OPFS by earlier exports (they are copies of the walker's data). */
export async function clearExportLeftovers(): Promise<void> {
  const root = await opfsRoot();
  if (!root) return;
  const names: string[] = [];
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) if (name.startsWith(OPFS_PREFIX)) names.push(name);
  await Promise.all(names.map((name) => root.removeEntry(name).catch(() => undefined)));
}

function memoryTarget(name: string): SaveTarget {
  const merged: Blob[] = [];
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  const merge = () => {
    if (pending.length > 0) merged.push(new Blob(pending));
    pending = [];
    pendingBytes = 0;
  };
  return {
    via: 'memory',
    sink: {
      write: async (chunk) => {
        pending.push(new Uint8Array(chunk));
        pendingBytes += chunk.byteLength;
        if (pendingBytes > 8 * 1024 * 1024) merge();
      },
    },
    close: async () => {
      merge();
      return { kind: 'file', file: new File(merged, name, { type: 'application/zip' }) };
    },
    abort: async () => {
      merged.length = 0;
      pending = [];
    },
  };
}

/**
 * Opens where the bundle goes. Call it first thing in the click handler: the file picker needs
 * the user's gesture. Resolves null if the walker cancelled the picker.
 */
export async function openZipTarget(name: string, description: string): Promise<SaveTarget | null> {
  const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (typeof picker === 'function') {
    try {
      const handle = await picker({ suggestedName: name, types: [{ description, accept: { 'application/zip': ['.zip'] } }] });
      const writable = await handle.createWritable();
      return fileTarget('picker', writable, async () => ({ kind: 'picked' }));
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') return null;
      // Refused or unavailable (e.g. a sandboxed frame): fall through to OPFS.
    }
  }
  const root = await opfsRoot();
  if (root) {
    try {
      await clearExportLeftovers();
      const handle = await root.getFileHandle(`${OPFS_PREFIX}${name}`, { create: true });
      const writable = (await (handle as unknown as PickedHandle).createWritable()) as WritableFile;
      return fileTarget('opfs', writable, async () => {
        const stored = await handle.getFile();
        setTimeout(() => void root.removeEntry(`${OPFS_PREFIX}${name}`).catch(() => undefined), CLEANUP_MS);
        return { kind: 'file', file: new File([stored], name, { type: 'application/zip' }) };
      });
    } catch {
      // No writable OPFS here: memory it is.
    }
  }
  return memoryTarget(name);
}

/** Saves a Blob through the browser's download (an <a download> click). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** True where the browser can hand this file to another app (Web Share level 2). */
export function canShareFile(file: File): boolean {
  try {
    return typeof navigator.share === 'function' && navigator.canShare?.({ files: [file] }) === true;
  } catch {
    return false;
  }
}
