/**
 * The 19 communes of the Brussels-Capital Region by NIS code, with their French and Dutch names
 * (as in the UrbIS open data), without their boundaries: for lists and labels that need no map
 * (the operator suggestions, the public page's filters and pages). Boundaries and areas: communes.ts.
 */

/** The 19 communes: NIS code, French name, Dutch name (as in the UrbIS open data). */
export const BRUSSELS_COMMUNES: readonly (readonly [nis: string, fr: string, nl: string])[] = [
  ['21001', 'Anderlecht', 'Anderlecht'],
  ['21002', 'Auderghem', 'Oudergem'],
  ['21003', 'Berchem-Sainte-Agathe', 'Sint-Agatha-Berchem'],
  ['21004', 'Bruxelles', 'Brussel'],
  ['21005', 'Etterbeek', 'Etterbeek'],
  ['21006', 'Evere', 'Evere'],
  ['21007', 'Forest', 'Vorst'],
  ['21008', 'Ganshoren', 'Ganshoren'],
  ['21009', 'Ixelles', 'Elsene'],
  ['21010', 'Jette', 'Jette'],
  ['21011', 'Koekelberg', 'Koekelberg'],
  ['21012', 'Molenbeek-Saint-Jean', 'Sint-Jans-Molenbeek'],
  ['21013', 'Saint-Gilles', 'Sint-Gillis'],
  ['21014', 'Saint-Josse-ten-Noode', 'Sint-Joost-ten-Node'],
  ['21015', 'Schaerbeek', 'Schaarbeek'],
  ['21016', 'Uccle', 'Ukkel'],
  ['21017', 'Watermael-Boitsfort', 'Watermaal-Bosvoorde'],
  ['21018', 'Woluwe-Saint-Lambert', 'Sint-Lambrechts-Woluwe'],
  ['21019', 'Woluwe-Saint-Pierre', 'Sint-Pieters-Woluwe'],
];
