import pino from 'pino';
import { LockClient } from './locks';

/**
 * The lock connection is one pg Client shared by every job of a process: jobs that take or free
 * locks at the same moment must not send statements while another is in flight (pg queues them
 * today with a deprecation warning, and its next major version refuses them).
 */
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

it('given twenty jobs taking locks at once then each gets its own, no statement overlaps another, and a held lock reads busy', async () => {
  const locks = new LockClient(url, pino({ level: 'silent' }));
  try {
    // Connected first; then every statement on its connection is watched for overlap.
    await locks.tryWith(`locks-test-${process.pid}-first`, async () => undefined);
    const client = (locks as unknown as { client: { query: (...args: unknown[]) => Promise<unknown> } }).client;
    const query = client.query.bind(client);
    let inFlight = 0;
    let most = 0;
    client.query = async (...args: unknown[]) => {
      most = Math.max(most, ++inFlight);
      try {
        return await query(...args);
      } finally {
        inFlight--;
      }
    };
    const inside: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        locks.tryWith(`locks-test-${process.pid}-${i}`, async () => {
          inside.push(String(i));
          await new Promise((r) => setTimeout(r, 5));
          return i;
        }),
      ),
    );
    expect(results.map((r) => (r.busy ? 'busy' : r.value))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(inside).toHaveLength(20);
    // A lock held by a job here reads busy to another job, here or elsewhere.
    const nested = await locks.tryWith(`locks-test-${process.pid}-held`, async () => locks.tryWith(`locks-test-${process.pid}-held`, async () => 'twice'));
    expect(nested).toEqual({ busy: false, value: { busy: true } });
    expect(most).toBe(1);
  } finally {
    await locks.close();
  }
});
