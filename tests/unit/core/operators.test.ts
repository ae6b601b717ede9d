import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRUSSELS_COMMUNES } from '../../../src/core/commune-list.ts';
import {
  OPERATORS,
  foldForSearch,
  operatorByValue,
  policeZoneOf,
  suggestOperators,
} from '../../../src/core/operators.ts';
import { checkDetail } from '../../../src/core/validation-messages.ts';

const COMMUNES_FILE = resolve(import.meta.dirname, '../../../../shared/data/brussels-communes.geojson');

describe('OPERATORS', () => {
  it('has the six police zones, which together cover the 19 communes exactly once', () => {
    const zones = OPERATORS.filter((op) => op.category === 'police' && op.communes);
    expect(zones).toHaveLength(6);
    const covered = zones.flatMap((z) => z.communes ?? []).sort();
    expect(covered).toEqual(BRUSSELS_COMMUNES.map(([nis]) => nis).sort());
  });

  it('has the 19 communes, STIB/MIVB, SNCB/NMBS, Bruxelles Mobilité and private', () => {
    expect(OPERATORS.filter((op) => op.category === 'commune')).toHaveLength(19);
    for (const id of ['stib', 'sncb', 'bruxelles-mobilite', 'private']) expect(OPERATORS.map((o) => o.id)).toContain(id);
  });

  it('has unique ids and values, each a valid operator value with a label in every language', () => {
    expect(new Set(OPERATORS.map((o) => o.id)).size).toBe(OPERATORS.length);
    expect(new Set(OPERATORS.map((o) => o.value)).size).toBe(OPERATORS.length);
    for (const op of OPERATORS) {
      expect(checkDetail('operator', op.value)).toBeNull();
      for (const lang of ['fr', 'nl', 'en'] as const) expect(op.label[lang].length).toBeGreaterThan(0);
    }
  });

  it('writes the communes’ names as the regional open data does', (ctx) => {
    if (!existsSync(COMMUNES_FILE)) {
      ctx.skip(`shared test data not found at ${COMMUNES_FILE}`);
      return;
    }
    const geo = JSON.parse(readFileSync(COMMUNES_FILE, 'utf8')) as {
      features: { properties: { national_code: string; name_fr: string; name_nl: string } }[];
    };
    const fromFile = geo.features.map((f) => [f.properties.national_code, f.properties.name_fr, f.properties.name_nl]);
    expect(fromFile.sort()).toEqual(BRUSSELS_COMMUNES.map((c) => [...c]).sort());
  });
});

describe('suggestOperators', () => {
  const ids = (q: string) => suggestOperators(q, 50).map((o) => o.id);

  it('finds by brand, abbreviation and either language, ignoring case and accents', () => {
    expect(ids('polbru')[0]).toBe('police:5339');
    expect(ids('marlow')).toEqual(['police:5342']);
    expect(ids('mivb')[0]).toBe('stib');
    expect(ids('nmbs')[0]).toBe('sncb');
    expect(ids('bruxelles mobilite')[0]).toBe('bruxelles-mobilite');
    expect(ids('Brussel Mob')[0]).toBe('bruxelles-mobilite');
    expect(ids('schaarbeek')).toContain('commune:21015');
    expect(ids('SINT JANS')).toContain('commune:21012');
    expect(ids('5341')).toEqual(['police:5341']);
    expect(ids('prive')).toContain('private');
  });

  it('ranks names that start with the query first', () => {
    // "Ixelles" starts the commune's name; the police zone only contains the word.
    const found = ids('ixelles');
    expect(found.indexOf('commune:21009')).toBeLessThan(found.indexOf('police:5339'));
  });

  it('returns nothing for nonsense and the first entries for an empty query', () => {
    expect(ids('zzzz')).toEqual([]);
    expect(suggestOperators('', 3)).toEqual(OPERATORS.slice(0, 3));
  });

  it('maps stored values back to suggestions, and communes to their police zone', () => {
    expect(operatorByValue('stib - mivb')?.id).toBe('stib');
    expect(operatorByValue('Acme Security')).toBeUndefined();
    expect(policeZoneOf('21015')?.id).toBe('police:5344');
    expect(policeZoneOf('21016')?.id).toBe('police:5342');
    expect(policeZoneOf('99999')).toBeUndefined();
  });

  it('folds text for search', () => {
    expect(foldForSearch("  Woluwe-Saint-Lambert / Commune d'Évere ")).toBe('woluwe saint lambert commune d evere');
  });
});
