// Answers after Slack's ack wait their turn (issue 18): at most N are worked on at once, the rest
// run in arrival order, none is dropped, and a failing one does not hold up the others.
import { describe, expect, it } from 'vitest';
import { createAfterAckQueue } from '../../adapters/slack/after-ack.js';

describe('after-ack queue', () => {
  it('runs every answer, at most N at once, in arrival order; a failure frees its place', async () => {
    const afterAck = createAfterAckQueue(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => async () => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (i === 3) throw new Error('answer 3 failed');
      return i;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => afterAck(work(i))));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([1, 2, 'failed', 4, 5, 6]);
  });
});
