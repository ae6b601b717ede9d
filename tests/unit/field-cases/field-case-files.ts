/**
 * The field cases (`../shared/field-cases/`, one folder per case with its case.md): inputs people
 * really meet, read where they are, never copied into the repository. A test whose folder is absent
 * skips with a message.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FIELD_CASES = path.resolve(process.cwd(), '..', 'shared', 'field-cases');

type Skippable = { skip: (note?: string) => void };

/** The bytes of `file` in the case folder `folder`, or empty (and the test skipped) when absent. */
export function readFieldCaseBytes(ctx: Skippable, folder: string, file: string): Uint8Array {
  const where = path.join(FIELD_CASES, folder, file);
  if (!fs.existsSync(where)) {
    ctx.skip(`field case ${folder}/${file} is not in ${FIELD_CASES}`);
    return new Uint8Array();
  }
  return new Uint8Array(fs.readFileSync(where));
}

/** The text of `file` in the case folder `folder`, or empty (and the test skipped) when absent. */
export function readFieldCase(ctx: Skippable, folder: string, file: string): string {
  return new TextDecoder().decode(readFieldCaseBytes(ctx, folder, file));
}
