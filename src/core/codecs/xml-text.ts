/** Escaping for the XML formats we write (OSM XML, KML, GPX). */

// Characters XML 1.0 forbids even when escaped (C0 controls but tab/newline/CR, lone surrogates,
// U+FFFE/U+FFFF): dropped, else GIS tools refuse the whole file for one odd character in a note.
// oxlint-disable-next-line no-control-regex -- matching control characters is the point here
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe for element content and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(SPECIAL, (c) => ENTITY[c] ?? c);
}
