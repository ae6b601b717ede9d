/** The part of sax 1.6 (a CommonJS package without types) that the OSM XML reader and the tests use. */
declare module 'sax' {
  export interface SaxTag {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SaxOptions {
    trim?: boolean;
    normalize?: boolean;
    lowercase?: boolean;
    xmlns?: boolean;
    position?: boolean;
    strictEntities?: boolean;
  }
  export interface SaxParser {
    onerror: ((error: Error) => void) | null;
    onopentag: ((tag: SaxTag) => void) | null;
    onclosetag: ((name: string) => void) | null;
    ontext: ((text: string) => void) | null;
    ondoctype: ((doctype: string) => void) | null;
    onsgmldeclaration: ((declaration: string) => void) | null;
    line: number;
    column: number;
    write(chunk: string): SaxParser;
    close(): SaxParser;
  }
  export function parser(strict: boolean, options?: SaxOptions): SaxParser;
  const sax: { parser: typeof parser };
  export default sax;
}
