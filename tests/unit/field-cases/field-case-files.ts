/**
 * The field cases (`../shared/field-cases/`, one folder per case with its case.md): inputs people
 * really meet, read where they are, never copied into the repository. A test whose folder is absent
 * skips with a message.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FIELD_CASES = path.resolve(process.cwd(), '..', 'shared', 'field-cases');

/** The text of `file` in the case folder `folder`, or null (and the test skipped) when absent. */
export function readFieldCase(ctx: { skip: (note?: string) => void }, folder: string, file: string): string {
  const where = path.join(FIELD_CASES, folder, file);
  if (!fs.existsSync(where)) {
    ctx.skip(`field case ${folder}/${file} is not in ${FIELD_CASES}`);
    return '';
  }
  return fs.readFileSync(where, 'utf8');
}
