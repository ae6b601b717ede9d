import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from '../../../src/app/shell/routes.ts';

describe('the app routes', () => {
  it('read back what they write, "it changed" with the device it changes included', () => {
    const routes: Route[] = [
      { view: 'list' },
      { view: 'pick' },
      { view: 'pick', supersedes: 'b1d2-x' },
      { view: 'new', kind: 'camera' },
      { view: 'new', kind: 'alpr', supersedes: 'b1d2-x' },
      { view: 'detail', id: 'abc' },
      { view: 'edit', id: 'abc' },
      { view: 'moderate' },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
  });

  it('leave what they do not know to the not-found view', () => {
    expect(parseRoute('#/log/changes')).toEqual({ view: 'notFound', path: 'log/changes' });
    expect(parseRoute('#/log/camera/changes')).toEqual({ view: 'notFound', path: 'log/camera/changes' });
    expect(parseRoute('#/log/nothing/changes/x')).toEqual({ view: 'notFound', path: 'log/nothing/changes/x' });
  });
});
