import type { Cursor } from '../connectors/sdk/types';
import { PagesAhead } from '../src/sync/jobs/pages-ahead';

/** Pages numbered by their cursor; `last` is done; `failAt` rejects. */
function source(opts: { last: number; failAt?: number; ms?: number }) {
  const started: number[] = [];
  const fetch = async (c: Cursor | null) => {
    const n = typeof c?.n === 'number' ? c.n : 1;
    started.push(n);
    await new Promise((r) => setTimeout(r, opts.ms ?? 5));
    if (n === opts.failAt) throw new Error(`page ${n} failed`);
    return { n, nextCursor: { n: n + 1 }, done: n === opts.last };
  };
  return { fetch, started };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reading pages ahead of the import', () => {
  it('given a slow consumer then fetches run ahead up to the depth, and pages come in order', async () => {
    const s = source({ last: 6 });
    const pages = new PagesAhead(s.fetch, null, 3);
    await sleep(60);
    // Three in the queue, none consumed: the fourth waits.
    expect(s.started).toEqual([1, 2, 3]);
    const seen: number[] = [];
    for (;;) {
      const p = await pages.next();
      seen.push(p.n);
      await sleep(20);
      if (p.done) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.started).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('given a failing page then the pages before it arrive and the failure surfaces at its turn, with nothing fetched past it', async () => {
    const s = source({ last: 9, failAt: 3 });
    const pages = new PagesAhead(s.fetch, null, 5);
    expect((await pages.next()).n).toBe(1);
    expect((await pages.next()).n).toBe(2);
    await expect(pages.next()).rejects.toThrow('page 3 failed');
    await sleep(30);
    expect(s.started).toEqual([1, 2, 3]);
  });

  it('given stop then no further page is fetched', async () => {
    const s = source({ last: 100, ms: 10 });
    const pages = new PagesAhead(s.fetch, null, 2);
    await pages.next();
    pages.stop();
    const count = s.started.length;
    await sleep(60);
    expect(s.started.length).toBeLessThanOrEqual(count + 1); // at most the one already under way
    expect(s.started.length).toBeLessThanOrEqual(3);
  });
});
