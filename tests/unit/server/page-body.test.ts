import { describe, expect, it } from 'vitest';
import { pageBody, type PageRow } from '../../../src/server/observation-store.ts';

const row = (over: Partial<PageRow> & Pick<PageRow, 'seq' | 'public_id'>): PageRow => ({
  own: 0,
  id: `own-${over.seq}`,
  state: 'published',
  reason: null,
  reason_text: null,
  removed_day: null,
  published_day: null,
  first_seen: null,
  last_confirmed: null,
  confirmations: 0,
  description: null,
  survivor_public: null,
  text: null,
  ...over,
});

describe('pageBody (the bytes of a pull page)', () => {
  it('splices the stored texts in public id order, as UTF-8, beside their publication and what was dropped', () => {
    const rows = [
      row({ seq: 7, public_id: 'p-c', text: '{"notes":"dôme « vue » 監視 😀"}', published_day: '2026-05-01', first_seen: '2026-04-30', last_confirmed: '2026-05-02', confirmations: 2, description: 'Caméra\n"place"' }),
      row({ seq: 8, public_id: 'p-a', own: 1, id: 'mine', state: 'rejected', reason: 'other', reason_text: 'écrit à la main', text: '{"notes":""}' }),
      row({ seq: 9, public_id: 'p-d', state: 'merged', survivor_public: 'p-c' }),
      row({ seq: 10, public_id: 'p-b', state: 'rejected' }),
    ];
    const body = pageBody(rows, 10, false, 365);
    const expected =
      '{"changes":[{"notes":""},{"notes":"dôme « vue » 監視 😀"}],' +
      '"publication":[{"id":"mine","state":"rejected","reason":"other","reasonText":"écrit à la main"},' +
      '{"id":"p-c","state":"published","publishedOn":"2026-05-01","firstSeen":"2026-04-30","lastConfirmed":"2026-05-02","confirmations":2,"description":"Caméra\\n\\"place\\""}],' +
      '"dropped":[{"id":"p-b"},{"id":"p-d","survivor":"p-c"}],"next":"10","more":false,"recheckDays":365}';
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(body.equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(JSON.parse(body.toString('utf8'))).toEqual(JSON.parse(expected));
  });

  it('is a valid empty page when nothing is left to see', () => {
    expect(pageBody([], 42, false, 0).toString('utf8')).toBe('{"changes":[],"publication":[],"dropped":[],"next":"42","more":false,"recheckDays":0}');
    expect(pageBody([row({ seq: 3, public_id: 'x', state: 'rejected' })], 3, true, 1).toString('utf8')).toBe(
      '{"changes":[],"publication":[],"dropped":[{"id":"x"}],"next":"3","more":true,"recheckDays":1}',
    );
  });
});
