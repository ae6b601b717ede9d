/**
 * README.txt of the export bundle: what the files are and what every field means, in the walker's
 * language. Value lists come from the taxonomy, so the text never drifts from the model.
 */
import type { Language } from '../languages.ts';
import { CERTAINTIES, FIELDS, KINDS, KIND_META, type FieldName } from '../taxonomy.ts';
import { COORDINATE_DECIMALS } from './flat-record.ts';


type Text = Record<Language, string>;

const COMMON: Record<string, Text> = {
  id: {
    en: 'unique identifier of the observation (UUIDv7, made on the phone)',
    fr: "identifiant unique de l'observation (UUIDv7, créé sur le téléphone)",
    nl: 'unieke identificatie van de waarneming (UUIDv7, aangemaakt op de telefoon)',
  },
  kind: { en: 'what was seen (see the list of kinds below)', fr: 'ce qui a été vu (voir la liste des types ci-dessous)', nl: 'wat werd gezien (zie de lijst van soorten hieronder)' },
  lat: {
    en: `latitude, WGS84 degrees (at most ${COORDINATE_DECIMALS} decimals)`,
    fr: `latitude, degrés WGS84 (au plus ${COORDINATE_DECIMALS} décimales)`,
    nl: `breedtegraad, WGS84-graden (hoogstens ${COORDINATE_DECIMALS} decimalen)`,
  },
  lon: {
    en: 'longitude, WGS84 degrees (GeoJSON puts it first in "coordinates")',
    fr: 'longitude, degrés WGS84 (GeoJSON la met en premier dans "coordinates")',
    nl: 'lengtegraad, WGS84-graden (GeoJSON zet ze eerst in "coordinates")',
  },
  accuracy: {
    en: 'radius in metres of the GPS uncertainty; empty when the position was placed by hand',
    fr: "rayon en mètres de l'incertitude GPS ; vide quand la position a été placée à la main",
    nl: 'straal in meter van de gps-onzekerheid; leeg als de positie met de hand werd geplaatst',
  },
  positionSource: { en: 'gps or manual', fr: 'gps ou manual (à la main)', nl: 'gps of manual (met de hand)' },
  observedAt: {
    en: 'when it was seen (ISO 8601 date and time with its offset)',
    fr: "quand cela a été vu (date et heure ISO 8601 avec leur décalage)",
    nl: 'wanneer het werd gezien (ISO 8601-datum en -tijd met hun verschuiving)',
  },
  createdAt: { en: 'when the record was made', fr: "quand la fiche a été créée", nl: 'wanneer de fiche werd aangemaakt' },
  updatedAt: { en: 'when the record was last changed', fr: 'dernière modification de la fiche', nl: 'laatste wijziging van de fiche' },
  version: {
    en: 'version number, raised by every change (on import, the higher version wins)',
    fr: "numéro de version, augmenté à chaque modification (à l'import, la version la plus haute l'emporte)",
    nl: 'versienummer, verhoogd bij elke wijziging (bij import wint de hoogste versie)',
  },
  certainty: {
    en: `${CERTAINTIES.join(' / ')}: seen with one's own eyes, likely, or reported by others (OpenStreetMap, press)`,
    fr: `${CERTAINTIES.join(' / ')} : vu de ses yeux, probable, ou signalé par d'autres (OpenStreetMap, presse)`,
    nl: `${CERTAINTIES.join(' / ')}: met eigen ogen gezien, waarschijnlijk, of gemeld door anderen (OpenStreetMap, pers)`,
  },
  walkId: { en: 'the group walk the observation belongs to, if any', fr: "la balade collective à laquelle l'observation appartient, s'il y en a une", nl: 'de groepswandeling waartoe de waarneming behoort, als die er is' },
  notes: { en: 'free notes', fr: 'notes libres', nl: 'vrije notities' },
  photos: {
    en: 'SHA-256 of each photo, separated by ";" in the CSV; the photo is photos/<hash>.jpg',
    fr: 'SHA-256 de chaque photo, séparés par ";" dans le CSV ; la photo est photos/<hash>.jpg',
    nl: 'SHA-256 van elke foto, gescheiden door ";" in de CSV; de foto is photos/<hash>.jpg',
  },
};

const DETAILS: Record<FieldName, Text> = {
  cameraType: { en: 'camera type', fr: 'type de caméra', nl: 'cameratype' },
  mount: { en: 'what it is mounted on', fr: 'support', nl: 'bevestiging' },
  direction: { en: 'directions it looks at, degrees from north (0–359), several separated by ; and a range as from-to (80-100), as OSM camera:direction', fr: 'directions filmées, degrés depuis le nord (0–359), plusieurs séparées par ; et un secteur en de-à (80-100), comme camera:direction d’OSM', nl: 'kijkrichtingen, graden vanaf het noorden (0–359), meerdere gescheiden door ; en een sector als van-tot (80-100), zoals camera:direction van OSM' },
  angle: { en: 'tilt below the horizon, degrees', fr: "inclinaison sous l'horizon, degrés", nl: 'helling onder de horizon, graden' },
  height: { en: 'height in metres', fr: 'hauteur en mètres', nl: 'hoogte in meter' },
  surveillance: { en: 'area watched', fr: 'espace surveillé', nl: 'bewaakte ruimte' },
  zone: { en: 'kind of place watched', fr: 'type de lieu surveillé', nl: 'soort bewaakte plaats' },
  operator: { en: 'who runs it', fr: "qui l'exploite", nl: 'wie het uitbaat' },
  manufacturer: { en: 'maker', fr: 'fabricant', nl: 'fabrikant' },
  purpose: { en: 'what the ANPR camera is for', fr: 'à quoi sert la caméra ANPR', nl: 'waarvoor de ANPR-camera dient' },
  analytics: { en: 'video analytics', fr: 'analyse vidéo', nl: 'videoanalyse' },
  evidence: { en: 'how we know', fr: 'comment on le sait', nl: 'hoe we het weten' },
  structure: { en: 'mast or tower', fr: 'mât ou tour', nl: 'mast of toren' },
  fiveG: { en: '5G', fr: '5G', nl: '5G' },
  audienceMeasurement: { en: 'measures its audience', fr: "mesure d'audience", nl: 'meet zijn publiek' },
  hostileDesign: { en: 'kind of hostile design', fr: "type de mobilier anti-SDF / hostile", nl: 'soort vijandig ontwerp' },
  tracking: { en: 'tracks phones by', fr: 'suit les téléphones par', nl: 'volgt telefoons via' },
  signage: { en: 'legal camera pictogram: with the controller\'s contact, without, none, unknown', fr: 'pictogramme légal : avec les coordonnées du responsable, sans, aucun, inconnu', nl: 'wettelijk camerapictogram: met de gegevens van de verantwoordelijke, zonder, geen, onbekend' },
  unitType: { en: 'kind of mobile unit', fr: "type d'unité mobile", nl: 'soort mobiele eenheid' },
  context: { en: 'context', fr: 'contexte', nl: 'context' },
  start: { en: 'start of the event (ISO 8601)', fr: "début de l'événement (ISO 8601)", nl: 'begin van de gebeurtenis (ISO 8601)' },
  end: { en: 'end of the event (ISO 8601)', fr: "fin de l'événement (ISO 8601)", nl: 'einde van de gebeurtenis (ISO 8601)' },
};

/** The names of the bundle's files (the ZIP writer's BUNDLE_NAMES). */
export interface BundleFileNames {
  geojson: string;
  csv: string;
  sync: string;
  shared: string;
  missing: string;
}

export const DEFAULT_BUNDLE_FILES: BundleFileNames = {
  geojson: 'contrechamp.geojson',
  csv: 'contrechamp.csv',
  sync: 'sync.json',
  shared: 'shared.geojson',
  missing: 'missing-photos.txt',
};

const TITLE: Text = {
  en: 'Contrechamp — export of observations',
  fr: 'Contrechamp — export des observations',
  nl: 'Contrechamp — export van waarnemingen',
};

function filesText(lang: Language, f: BundleFileNames): string {
  switch (lang) {
    case 'en':
      return `Files
- ${f.geojson}: every observation, GeoJSON (RFC 7946, WGS84). Opens in QGIS, uMap, JOSM.
  Import it (or this whole ZIP) in Contrechamp to restore your data on another device: records are
  merged by id, the newer version wins, importing twice changes nothing.
- ${f.csv}: the same as a table (UTF-8, comma-separated). Text that starts with = + - @
  gets a leading apostrophe so that spreadsheets do not run it as a formula.
- photos/: the photos, named by their SHA-256 (re-encoded on the phone: no EXIF, no GPS).
- ${f.sync}: what the shared server had already received (used when restoring, so nothing is sent twice).
- ${f.shared} (if asked for): the collective's shared map, as this device last saw it.
- ${f.missing} (if any): photos named by observations that this device did not have.

Fields`;
    case 'fr':
      return `Fichiers
- ${f.geojson} : toutes les observations, en GeoJSON (RFC 7946, WGS84). S'ouvre dans QGIS,
  uMap, JOSM. Importez-le (ou tout ce ZIP) dans Contrechamp pour retrouver vos données sur un autre
  appareil : les fiches sont fusionnées par identifiant, la version la plus récente l'emporte,
  importer deux fois ne change rien.
- ${f.csv} : la même chose en tableau (UTF-8, séparateur virgule). Un texte qui commence par
  = + - @ reçoit une apostrophe devant, pour qu'un tableur ne l'exécute pas comme une formule.
- photos/ : les photos, nommées par leur SHA-256 (réencodées sur le téléphone : ni EXIF ni GPS).
- ${f.sync} : ce que le serveur partagé avait déjà reçu (sert à la restauration : rien n'est envoyé deux fois).
- ${f.shared} (si demandé) : la carte partagée du collectif, telle que cet appareil l'a vue en dernier.
- ${f.missing} (s'il existe) : les photos citées par des observations que cet appareil n'avait pas.

Champs`;
    case 'nl':
      return `Bestanden
- ${f.geojson}: alle waarnemingen, in GeoJSON (RFC 7946, WGS84). Opent in QGIS, uMap, JOSM.
  Importeer het (of deze hele ZIP) in Contrechamp om je gegevens op een ander toestel terug te
  zetten: fiches worden per id samengevoegd, de nieuwste versie wint, twee keer importeren verandert
  niets.
- ${f.csv}: hetzelfde als tabel (UTF-8, komma als scheidingsteken). Tekst die begint met
  = + - @ krijgt een apostrof vooraan, zodat een rekenblad hem niet als formule uitvoert.
- photos/: de foto's, genoemd naar hun SHA-256 (op de telefoon hercodeerd: geen EXIF, geen gps).
- ${f.sync}: wat de gedeelde server al had ontvangen (bij het terugzetten wordt niets twee keer verstuurd).
- ${f.shared} (indien gevraagd): de gedeelde kaart van het collectief, zoals dit toestel ze laatst zag.
- ${f.missing} (indien aanwezig): foto's die waarnemingen noemen maar die dit toestel niet had.

Velden`;
  }
}

const DETAILS_HEAD: Text = {
  en: 'Details (filled in according to the kind; empty when unknown)',
  fr: 'Détails (selon le type ; vides quand inconnus)',
  nl: 'Details (volgens de soort; leeg als onbekend)',
};
const KINDS_HEAD: Text = { en: 'Kinds and their details', fr: 'Types et leurs détails', nl: 'Soorten en hun details' };
const OSM_NOTE: Text = {
  en: 'The GeoJSON also carries the OpenStreetMap tags of fixed devices (man_made, surveillance:type…).',
  fr: 'Le GeoJSON porte aussi les tags OpenStreetMap des dispositifs fixes (man_made, surveillance:type…).',
  nl: 'De GeoJSON bevat ook de OpenStreetMap-tags van vaste toestellen (man_made, surveillance:type…).',
};
const VALUES: Text = { en: 'values:', fr: 'valeurs :', nl: 'waarden:' };

/** The bundle's README.txt (CRLF line ends, so that Notepad shows it right too). */
export function readmeText(lang: Language, files: Partial<BundleFileNames> = {}): string {
  const title = TITLE[lang];
  const lines: string[] = [title, '='.repeat(title.length), '', filesText(lang, { ...DEFAULT_BUNDLE_FILES, ...files }), ''];
  for (const [name, text] of Object.entries(COMMON)) lines.push(`- ${name}: ${text[lang]}`);
  lines.push('', DETAILS_HEAD[lang], '');
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const spec = FIELDS[name];
    const values = spec.type === 'choice' ? ` (${VALUES[lang]} ${spec.values.join(', ')})` : '';
    lines.push(`- ${name}: ${DETAILS[name][lang]}${values}`);
  }
  lines.push('', KINDS_HEAD[lang], '');
  for (const kind of KINDS) lines.push(`- ${kind}: ${KIND_META[kind].fields.join(', ')}`);
  lines.push('', OSM_NOTE[lang], '');
  return lines.join('\n').replace(/\n/g, '\r\n');
}
