/** Markdown content files, turned into an HTML string at build time (vite.config.ts). */
declare module '*.md' {
  const html: string;
  export default html;
}
