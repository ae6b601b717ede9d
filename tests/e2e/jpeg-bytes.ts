/**
 * Reading and writing the bytes of JPEG files in tests: list the marker segments, read the frame
 * size, and insert an EXIF APP1 segment with an orientation and a GPS position (written by hand,
 * big-endian TIFF, so the test depends on no EXIF library).
 */

export interface Segment {
  marker: number;
  offset: number;
  /** Length of the payload including the two length bytes, as stored. */
  length: number;
}

/** The header segments of a JPEG, up to the start of scan. */
export function jpegSegments(bytes: Uint8Array): Segment[] {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('expected a JPEG (FF D8), got other bytes');
  const segments: Segment[] = [];
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) throw new Error(`expected a marker at ${i}, got ${bytes[i]}`);
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    segments.push({ marker, offset: i, length });
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    i += 2 + length;
  }
  return segments;
}

/** Width and height from the SOF segment. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  const sof = jpegSegments(bytes).find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(s.marker));
  if (!sof) throw new Error('expected a SOF segment in the JPEG, found none');
  const at = sof.offset + 4;
  return { height: (bytes[at + 1]! << 8) | bytes[at + 2]!, width: (bytes[at + 3]! << 8) | bytes[at + 4]! };
}

export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const EXIF_HEADER = new TextEncoder().encode('Exif\0\0');
export const hasExifHeader = (bytes: Uint8Array): boolean => indexOfBytes(bytes, EXIF_HEADER) >= 0;

/** Degrees as three EXIF rationals (deg, min, sec×100/100). */
function dms(value: number): Array<[number, number]> {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const min = Math.floor((abs - deg) * 60);
  const sec = Math.round(((abs - deg) * 60 - min) * 60 * 100);
  return [
    [deg, 1],
    [min, 1],
    [sec, 100],
  ];
}

/** An APP1 segment: IFD0 with Orientation and a GPS IFD pointer; GPS IFD with lat/lon. */
export function exifSegment(options: { orientation: number; lat: number; lon: number }): Uint8Array {
  const tiff: number[] = [];
  const u16 = (v: number) => tiff.push((v >> 8) & 0xff, v & 0xff);
  const u32 = (v: number) => tiff.push((v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  const entry = (tag: number, type: number, count: number, value: number[]) => {
    u16(tag);
    u16(type);
    u32(count);
    tiff.push(...value, ...Array(4 - value.length).fill(0));
  };
  const be32 = (v: number) => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  const ifd0 = 8;
  const gpsIfd = ifd0 + 2 + 2 * 12 + 4; // 38
  const gpsData = gpsIfd + 2 + 5 * 12 + 4; // 104
  tiff.push(0x4d, 0x4d); // MM: big-endian
  u16(42);
  u32(ifd0);
  u16(2);
  entry(0x0112, 3, 1, [0, options.orientation]); // Orientation, SHORT
  entry(0x8825, 4, 1, be32(gpsIfd)); // GPSInfo IFD pointer, LONG
  u32(0);
  u16(5);
  entry(0x0000, 1, 4, [2, 3, 0, 0]); // GPSVersionID
  entry(0x0001, 2, 2, [options.lat >= 0 ? 0x4e : 0x53, 0]); // N / S
  entry(0x0002, 5, 3, be32(gpsData)); // GPSLatitude, 3 RATIONAL
  entry(0x0003, 2, 2, [options.lon >= 0 ? 0x45 : 0x57, 0]); // E / W
  entry(0x0004, 5, 3, be32(gpsData + 24)); // GPSLongitude
  u32(0);
  for (const [n, d] of [...dms(options.lat), ...dms(options.lon)]) {
    u32(n);
    u32(d);
  }
  const payload = [...EXIF_HEADER, ...tiff];
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, (length >> 8) & 0xff, length & 0xff, ...payload]);
}

/** The JPEG with `segment` inserted right after SOI. */
export function insertSegment(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}
