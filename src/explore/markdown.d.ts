/** Markdown content files: each import is the URL of the HTML file made from it at build time (vite.config.ts). */
declare module '*.md' {
  const url: string;
  export default url;
}
