import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Position } from '../../../src/core/observation.ts';
import { newObservation } from '../../../src/core/observation-factory.ts';
import { emptyForm } from '../../../src/app/log/form-model.ts';
import { DRAFT_DELAY_MS, createDraftWriter, draftFromForm, formFromDraft } from '../../../src/app/log/form-draft.ts';

const HERE: Position = { lon: 4.3517, lat: 50.8466, accuracy: 9, source: 'gps' };

describe('a draft and the form it restores', () => {
  it('keep what parses, and name the version an edit started from', () => {
    const values = { ...emptyForm('camera', HERE), details: { direction: '45', height: 'high' }, notes: 'corner', photos: ['h1'] };
    const draft = draftFromForm(values);
    expect(draft).toEqual({ kind: 'camera', position: HERE, details: { direction: [{ bearing: 45 }] }, certainty: 'seen', notes: 'corner', photos: ['h1'] });
    expect(formFromDraft(draft, 'camera')).toEqual({ ...values, details: { direction: '45' } });

    const stored = newObservation({ kind: 'camera', position: HERE }, new Date('2026-11-28T10:00:00Z'));
    expect(draftFromForm(values, stored)).toMatchObject({ id: stored.id, version: 1 });
  });

  it('restore an unfinished draft with the defaults', () => {
    expect(formFromDraft({ kind: 'drone' }, 'drone')).toEqual(emptyForm('drone'));
  });
});

describe('the draft writer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setUp = () => {
    const write = vi.fn(() => Promise.resolve());
    const onError = vi.fn();
    return { write, onError, writer: createDraftWriter(write, onError) };
  };

  it('writes once after a quiet moment, however many changes came before', () => {
    const { write, writer } = setUp();
    writer.changed();
    vi.advanceTimersByTime(DRAFT_DELAY_MS - 1);
    writer.changed();
    vi.advanceTimersByTime(DRAFT_DELAY_MS - 1);
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(write).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * DRAFT_DELAY_MS);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('writes at once when flushed, and only what is unwritten', () => {
    const { write, writer } = setUp();
    writer.flush();
    expect(write).not.toHaveBeenCalled();
    writer.changed();
    writer.flush();
    expect(write).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DRAFT_DELAY_MS);
    writer.flush();
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('writes nothing once the form is finished, and again after a failed save reopens it', () => {
    const { write, writer } = setUp();
    writer.changed();
    writer.finish();
    vi.advanceTimersByTime(DRAFT_DELAY_MS);
    writer.flush();
    writer.changed();
    writer.flush();
    expect(write).not.toHaveBeenCalled();
    writer.reopen();
    writer.changed();
    vi.advanceTimersByTime(DRAFT_DELAY_MS);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('passes a failed write on and writes again on the next change', async () => {
    const failure = new Error('quota');
    const write = vi.fn().mockRejectedValueOnce(failure).mockResolvedValue(undefined);
    const onError = vi.fn();
    const writer = createDraftWriter(write, onError);
    writer.changed();
    writer.flush();
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(failure));
    writer.changed();
    writer.flush();
    expect(write).toHaveBeenCalledTimes(2);
  });
});
