import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { KINDS } from '../../../src/core/taxonomy.ts';
import { BACKGROUND_COLOR, LAYER, SOURCE, mapStyle } from '../../../src/app/map/style.ts';

describe('mapStyle', () => {
  it('is a valid MapLibre style with no basemap, starting with a plain background', () => {
    const style = mapStyle();
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.layers[0]).toMatchObject({ type: 'background', paint: { 'background-color': BACKGROUND_COLOR } });
    expect(Object.keys(style.sources).sort()).toEqual([SOURCE.cones, SOURCE.observations, SOURCE.shared].sort());
  });

  it('clusters our observations but not the shared map, and draws the shared map below ours', () => {
    const style = mapStyle();
    expect(style.sources[SOURCE.observations]).toMatchObject({ type: 'geojson', cluster: true });
    expect(style.sources[SOURCE.shared]).not.toHaveProperty('cluster');
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(LAYER.shared)).toBeLessThan(ids.indexOf(LAYER.points));
    expect(ids.indexOf(LAYER.cones)).toBeLessThan(ids.indexOf(LAYER.points));
  });

  it('colours points by every kind of the taxonomy', () => {
    const points = mapStyle().layers.find((l) => l.id === LAYER.points);
    const color = JSON.stringify(points && 'paint' in points ? points.paint : null);
    for (const kind of KINDS) expect(color).toContain(`"${kind}"`);
  });

  it('carries the first data in the style, so the map draws it on its first load', () => {
    const points = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a', kind: 'camera' }, geometry: { type: 'Point', coordinates: [4.35, 50.85] } }] };
    const style = mapStyle({ data: { [SOURCE.observations]: points } });
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources[SOURCE.observations]).toMatchObject({ type: 'geojson', cluster: true, data: points });
    expect(style.sources[SOURCE.cones]).toMatchObject({ data: { type: 'FeatureCollection', features: [] } });
  });

  it('puts basemap layers between the background and the observations', () => {
    const style = mapStyle({
      basemap: {
        sources: { basemap: { type: 'vector', url: 'pmtiles:///basemap.pmtiles' } },
        layers: [{ id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': '#9cf' } }],
      },
    });
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.layers.map((l) => l.id).slice(0, 2)).toEqual([LAYER.background, 'water']);
  });
});

describe('basemapStyle', () => {
  it('is a valid style for the OpenMapTiles schema, with street names in the UI language', async () => {
    const { basemapStyle, BASEMAP_LAYER } = await import('../../../src/app/map/basemap-style.ts');
    const style = mapStyle({ basemap: basemapStyle('pmtiles://http://127.0.0.1/api/v1/basemap/basemap.pmtiles', 'nl') });
    expect(validateStyleMin(style)).toEqual([]);
    const names = style.layers.find((l) => l.id === BASEMAP_LAYER.streetNames);
    expect(names?.type).toBe('symbol');
    const layout = names?.type === 'symbol' ? names.layout : undefined;
    expect(JSON.stringify(layout?.['text-field'])).toContain('name:nl');
    for (const id of Object.values(BASEMAP_LAYER)) expect(style.layers.some((l) => l.id === id)).toBe(true);
  });
});
