/**
 * Atom 1.0 (RFC 4287) feeds of what changed on the public map: one entry per event of a device
 * (published, re-confirmed, removed; `deviceEvents`), newest first, stamped at midnight UTC of its
 * day (the public never learns a time of day). The feed carries the ODbL licence link (RFC 4946)
 * and the attribution in `<rights>`.
 */
import { OPEN_DATA_LICENSE, deviceEvents, type DeviceEventKind, type PublicFeature } from '../public-device.ts';
import { escapeXml } from './xml-text.ts';

export interface AtomFeedOptions {
  /** Absolute URL of the feed itself. */
  self: string;
  /** Absolute URL of the public page, e.g. `https://…/explore/`. */
  site: string;
  title: string;
  /** At most this many entries (newest first). */
  max?: number;
}

const TITLES: Record<DeviceEventKind, string> = { published: 'published', confirmed: 're-confirmed', removed: 'removed' };

/** The whole feed as one XML string. */
export function encodeAtom(devices: Iterable<PublicFeature>, o: AtomFeedOptions): string {
  const entries: { day: string; kind: DeviceEventKind; f: PublicFeature }[] = [];
  for (const f of devices) for (const e of deviceEvents(f.properties)) entries.push({ ...e, f });
  entries.sort((a, b) => (a.day === b.day ? 0 : a.day < b.day ? 1 : -1));
  const shown = entries.slice(0, o.max ?? 200);
  const stamp = (day: string): string => `${day}T00:00:00Z`;
  const updated = shown[0] ? stamp(shown[0].day) : '1970-01-01T00:00:00Z';
  const x = escapeXml;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${x(o.self)}</id>`,
    `<title>${x(o.title)}</title>`,
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${x(o.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(o.site)}"/>`,
    `<link rel="license" type="text/html" href="${x(OPEN_DATA_LICENSE.url)}"/>`,
    `<rights>${x(OPEN_DATA_LICENSE.attribution)}</rights>`,
    '<author><name>Contrechamp</name></author>',
  ];
  for (const { day, kind, f } of shown) {
    const p = f.properties;
    const page = `${o.site}device/${encodeURIComponent(p.id)}`;
    const [lon, lat] = f.geometry.coordinates;
    lines.push(
      '<entry>',
      `<id>${x(`${page}#${kind}-${day}`)}</id>`,
      `<title>${x(`${p.kind} ${TITLES[kind]}`)}</title>`,
      `<updated>${stamp(day)}</updated>`,
      `<link rel="alternate" type="text/html" href="${x(page)}"/>`,
      `<category term="${kind}"/>`,
      `<category term="${x(p.kind)}" scheme="kind"/>`,
      `<summary>${x(`${p.kind} ${TITLES[kind]} on ${day} at ${lat.toFixed(5)}, ${lon.toFixed(5)}`)}</summary>`,
      '</entry>',
    );
  }
  lines.push('</feed>');
  return lines.join('\n') + '\n';
}
