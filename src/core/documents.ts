/**
 * Documents the moderators attach to a device, an operator or a commune: a title, an
 * http(s) URL, a kind and a day. Validated here for the server's input and the public page's
 * reading. Only http and https links: anything else (javascript:, data:, file:) is refused.
 */
import { z } from './zod.ts';

export const DOCUMENT_KINDS = ['access_request', 'access_answer', 'contract', 'council_decision', 'press', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What a document is attached to: a device by its public id, an operator by name, a commune by NIS code. */
export const DOCUMENT_TARGETS = ['device', 'operator', 'commune'] as const;
export type DocumentTarget = (typeof DOCUMENT_TARGETS)[number];

const httpUrl = z.string().check(
  z.maxLength(2000),
  z.refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'expected an http(s) URL'),
);

export const documentInputSchema = z.strictObject({
  target: z.enum(DOCUMENT_TARGETS),
  /** The device's public id, the operator's name as walkers write it, or the commune's NIS code. */
  targetId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  url: httpUrl,
  kind: z.enum(DOCUMENT_KINDS),
  /** The document's own date, `YYYY-MM-DD`. */
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day YYYY-MM-DD')),
});
export type DocumentInput = z.infer<typeof documentInputSchema>;

/** The server's answer to an attached document. */
export const documentAnswerSchema = z.object({ id: z.number().check(z.int(), z.positive()) });

/** A document as the public reads it (no moderator name). */
export const publicDocumentSchema = z.extend(documentInputSchema, { id: z.number().check(z.int(), z.positive()) });
export type PublicDocument = z.infer<typeof publicDocumentSchema>;
