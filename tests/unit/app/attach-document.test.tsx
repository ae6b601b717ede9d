// @vitest-environment happy-dom
/** Attaching a document (moderators): only http(s) links leave the form; a good one is sent. */
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttachDocument } from '../../../src/app/moderate/attach-document.tsx';
import type { ApiClient } from '../../../src/sync/api-client.ts';

const root = () => document.body.querySelector('div')!;
const input = (id: string, value: string) => {
  const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
};
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  render(null, root());
  document.body.innerHTML = '';
});

describe('attach a document', () => {
  it('refuses a link that is not http(s), and sends a good one with the moderator token', async () => {
    document.body.innerHTML = '<div></div>';
    const attachDocument = vi.fn(async () => 7);
    render(<AttachDocument client={{ attachDocument } as unknown as ApiClient} token="mod-token" />, root());
    input('document-target', 'commune');
    await settle();
    input('document-target-id', '21004');
    input('document-title', 'Délibération');
    input('document-url', 'javascript:alert(1)');
    input('document-kind', 'council_decision');
    input('document-date', '2025-06-30');
    await settle();
    (document.querySelector('[data-testid="attach-document"]') as HTMLButtonElement).click();
    await settle();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('http');
    expect(attachDocument).not.toHaveBeenCalled();

    input('document-url', 'https://example.org/d.pdf');
    await settle();
    (document.querySelector('[data-testid="attach-document"]') as HTMLButtonElement).click();
    await settle();
    await settle();
    expect(attachDocument).toHaveBeenCalledWith('mod-token', {
      target: 'commune',
      targetId: '21004',
      title: 'Délibération',
      url: 'https://example.org/d.pdf',
      kind: 'council_decision',
      date: '2025-06-30',
    });
    expect(document.querySelector('[role="status"]')?.textContent).toContain('Document joint');
  });
});
