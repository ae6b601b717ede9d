/**
 * Documents moderators attach to a device, an operator or a commune (table `documents`, see db.ts):
 * added with the moderator's name and the day (the audit), read by the public without them.
 */
import type { DocumentInput, PublicDocument } from '../core/documents.ts';
import { today, type Db } from './db.ts';

interface Row {
  id: number;
  target: PublicDocument['target'];
  target_id: string;
  title: string;
  url: string;
  kind: PublicDocument['kind'];
  day: string;
}

const toPublic = (r: Row): PublicDocument => ({ id: r.id, target: r.target, targetId: r.target_id, title: r.title, url: r.url, kind: r.kind, date: r.day });

export class DocumentStore {
  private readonly st;

  constructor(db: Db) {
    this.st = {
      add: db.prepare('INSERT INTO documents (target, target_id, title, url, kind, day, moderator, added_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      all: db.prepare('SELECT id, target, target_id, title, url, kind, day FROM documents ORDER BY day DESC, id DESC'),
      of: db.prepare('SELECT id, target, target_id, title, url, kind, day FROM documents WHERE target = ? AND target_id = ? ORDER BY day DESC, id DESC'),
      publicId: db.prepare('SELECT public_id FROM observations WHERE id = ? OR public_id = ?').pluck(),
    };
  }

  /** Stores a validated document; returns its id. */
  add(doc: DocumentInput, moderator: string): number {
    // A device is kept under its public id, whichever id the moderator gave (the author's tells time).
    const targetId = doc.target === 'device' ? ((this.st.publicId.get(doc.targetId, doc.targetId) as string | undefined) ?? doc.targetId) : doc.targetId;
    return Number(this.st.add.run(doc.target, targetId, doc.title, doc.url, doc.kind, doc.date, moderator, today()).lastInsertRowid);
  }

  /** Every document, or those of one target; newest first. */
  list(target?: { target: PublicDocument['target']; targetId: string }): PublicDocument[] {
    const rows = (target ? this.st.of.all(target.target, target.targetId) : this.st.all.all()) as Row[];
    return rows.map(toPublic);
  }
}
