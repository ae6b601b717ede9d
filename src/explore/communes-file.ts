/**
 * The communes' boundaries for the public page: the same JSON file the server reads
 * (src/core/data/brussels-communes.json), fetched once when a page first needs it (the communes
 * view, a device's page), so it is data in a file of its own, not script.
 */
import url from '../core/data/brussels-communes.json?url';
import { communeLookup, type CommuneCollection, type CommuneOf } from '../core/commune-index.ts';

export interface Communes {
  collection: CommuneCollection;
  communeOf: CommuneOf;
}

let loading: Promise<Communes> | null = null;

/** @throws when the file cannot be fetched (offline, gone); a later call tries again. */
export function loadCommunes(): Promise<Communes> {
  loading ??= fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json() as Promise<CommuneCollection>;
    })
    .then((collection) => ({ collection, communeOf: communeLookup(collection) }));
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
