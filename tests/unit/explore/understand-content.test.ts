/** The explainers the collective edits: one per kind and language, every statement tied to a listed source. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/core/taxonomy.ts';

const ROOT = join(import.meta.dirname, '../../../content/understand');
const LANGUAGES = ['fr', 'nl', 'en'] as const;

describe('content/understand', () => {
  for (const lang of LANGUAGES) {
    for (const kind of KINDS) {
      it(`${lang}/${kind}.md: every statement cites a source listed at the bottom`, () => {
        const text = readFileSync(join(ROOT, lang, `${kind}.md`), 'utf8');
        const [body = '', sources = ''] = text.split(/^## (?:Sources|Bronnen)$/m);
        const listed = new Set([...sources.matchAll(/^(\d+)\. \S/gm)].map((m) => m[1]));
        expect(listed.size).toBeGreaterThan(0);
        const statements = body.split('\n').filter((line) => line.startsWith('- '));
        expect(statements.length).toBeGreaterThan(0);
        for (const line of statements) {
          const cited = [...line.matchAll(/\[(\d+)\]/g)].map((m) => m[1]);
          expect(cited.length, line).toBeGreaterThan(0);
          expect(line.trimEnd(), line).toMatch(/\[\d+\]$/);
          for (const n of cited) expect(listed, `${line} cites [${n}]`).toContain(n);
        }
        for (const n of listed) expect(body, `source ${n} is cited`).toContain(`[${n}]`);
      });
    }
  }
});
