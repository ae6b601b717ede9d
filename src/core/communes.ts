/**
 * The 19 communes of the Brussels-Capital Region, as the product ships them
 * (`data/brussels-communes.json`, made by `npm run communes` from the UrbIS file, see
 * commune-index.ts for its shape), read with the code: the server's Atom feed per commune and OGC
 * API place a device through `communeOf`. The public page fetches the same file instead
 * (src/explore/communes-file.ts), so its boundaries do not ship as script.
 * Source: UrbIS® © Paradigm (Brussels Region), open-data licence, attribution required (`COMMUNES_ATTRIBUTION`).
 */
import data from './data/brussels-communes.json' with { type: 'json' };
import { communeLookup, type CommuneCollection, type CommuneFeature, type CommuneOf } from './commune-index.ts';

export type { CommuneFeature, CommuneProperties } from './commune-index.ts';

export const COMMUNES = data as CommuneCollection;
export const COMMUNES_ATTRIBUTION: string = COMMUNES.attribution;

/** The NIS code of the commune holding (lon, lat), or null outside the Region. */
export const communeOf: CommuneOf = communeLookup(COMMUNES);

/** A commune by NIS code, or undefined. */
export const communeByNis = (nis: string): CommuneFeature | undefined => COMMUNES.features.find((f) => f.properties.nis === nis);
