import { describe, expect, it } from 'vitest';
import {
  PULL_PAGE_DEFAULT,
  PULL_PAGE_MAX,
  batchAnswerBody,
  batchAnswerSchema,
  batchAnswerStatus,
  errorBodySchema,
  pullQuerySchema,
  readChange,
  type ItemResult,
} from '../../../src/core/wire.ts';
import { ApiClient, type FetchLike } from '../../../src/sync/api-client.ts';
import { makeObservation } from '../store/fixtures.ts';

describe('readChange', () => {
  it('splits a valid change into its observation and base version', () => {
    const obs = makeObservation();
    expect(readChange({ ...obs, baseVersion: null })).toEqual({ observation: obs, baseVersion: null });
    expect(readChange(obs)).toEqual({ observation: obs, baseVersion: null });
  });

  it('answers a bad change with its invalid result, naming each failing path, and never throws', () => {
    const obs = makeObservation();
    const bad = readChange({ ...obs, position: { ...obs.position, lat: 91 }, notes: 3 });
    expect(bad).toMatchObject({ id: obs.id, status: 'invalid', reason: expect.stringMatching(/position\.lat.*notes|notes.*position\.lat/) });
    expect((bad as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['notes', 'position.lat']);
    expect(readChange({ ...obs, version: 2, baseVersion: 2 })).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/baseVersion 2/) });
    expect(readChange({ ...obs, baseVersion: -1 })).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/baseVersion/) });
    expect(readChange([1])).toEqual({ id: null, status: 'invalid', reason: 'expected an observation object, got array' });
    expect(readChange(null)).toMatchObject({ id: null, status: 'invalid' });
  });
});

describe('a batch answer', () => {
  const ok: ItemResult = { id: 'a', status: 'created', version: 1 };
  const invalid: ItemResult = { id: null, status: 'invalid', reason: 'kind: unknown' };

  it('is 200 when every change was accepted, 422 with invalid_items beside the same results otherwise', () => {
    expect(batchAnswerStatus([ok])).toBe(200);
    expect(batchAnswerBody([ok])).toEqual({ results: [ok] });
    expect(batchAnswerStatus([ok, invalid])).toBe(422);
    const body = batchAnswerBody([ok, invalid]);
    expect(body.results).toEqual([ok, invalid]);
    expect(errorBodySchema.parse(body).error.code).toBe('invalid_items');
    expect(batchAnswerSchema.parse(body).results).toEqual([ok, invalid]);
  });

  it('reaches the client as an answer, not as an error, when it is partly invalid', async () => {
    const fetchFn: FetchLike = async () => new Response(JSON.stringify(batchAnswerBody([ok, invalid])), { status: 422 });
    const client = new ApiClient('http://127.0.0.1:1', fetchFn);
    await expect(client.pushBatch('t'.repeat(43), [])).resolves.toEqual(batchAnswerBody([ok, invalid]));
  });

  it('refuses unknown statuses and accepted results without a version', () => {
    expect(batchAnswerSchema.safeParse({ results: [{ id: 'a', status: 'accepted', version: 1 }] }).success).toBe(false);
    expect(batchAnswerSchema.safeParse({ results: [{ id: 'a', status: 'updated' }] }).success).toBe(false);
  });
});

describe('pullQuerySchema', () => {
  it('reads absent or empty values as the start and the default page', () => {
    expect(pullQuerySchema.parse({})).toEqual({ since: 0, limit: PULL_PAGE_DEFAULT });
    expect(pullQuerySchema.parse({ since: '', limit: '' })).toEqual({ since: 0, limit: PULL_PAGE_DEFAULT });
    expect(pullQuerySchema.parse({ since: '42', limit: String(PULL_PAGE_MAX) })).toEqual({ since: 42, limit: PULL_PAGE_MAX });
  });

  it('refuses a cursor that is not a number and a limit out of 1…max', () => {
    for (const query of [{ since: 'abc' }, { since: ['1', '2'] }, { limit: '0' }, { limit: String(PULL_PAGE_MAX + 1) }, { limit: '1.5' }]) {
      expect(pullQuerySchema.safeParse(query).success).toBe(false);
    }
  });
});
