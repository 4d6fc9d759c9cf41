import type { Connector, ListingOutcome, ListingRef, Submission } from '../types';

/**
 * Asynchronous writes in the conformance kit: a connector may answer a listing write with a
 * Submission (Amazon Listings ACCEPTED, a feed, an eBay bulk task) instead of its result. The
 * kit then polls it as the engine's poll job does, so every case reads the end state whichever
 * way the marketplace answers.
 */

/** Whether an answer is a submission to poll. */
export function isSubmission(value: unknown): value is Submission {
  return !!value && typeof value === 'object' && (value as { pending?: unknown }).pending === true && typeof (value as { handle?: unknown }).handle === 'object';
}

/** Polls a submission until the marketplace has decided (within `timeoutMs`); one outcome per SKU. */
export async function pollUntilDone(connector: Connector, submission: Submission, timeoutMs = 30_000): Promise<ListingOutcome[]> {
  if (!connector.pollSubmission) throw new Error('the connector answered with a submission but has no pollSubmission');
  const end = Date.now() + timeoutMs;
  // The handle is stored as JSON by the host: it must survive the round trip.
  const stored = JSON.parse(JSON.stringify(submission)) as Submission;
  for (;;) {
    const status = await connector.pollSubmission(stored);
    if (status.done) return status.results;
    if (Date.now() > end) throw new Error(`submission ${JSON.stringify(submission.handle)} not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(20, status.pollAfterMs ?? 50))));
  }
}

/** The ref of a publish or update once it took effect: at once, or after its submission was polled (a refusal throws). */
export async function settledRef(connector: Connector, sku: string, answer: ListingRef | Submission): Promise<ListingRef> {
  if (!isSubmission(answer)) return answer;
  const outcome = (await pollUntilDone(connector, answer)).find((o) => o.sku === sku);
  if (!outcome) throw new Error(`the submission's outcome says nothing of ${sku}`);
  if (!outcome.ok) throw new Error(`${sku} refused: ${outcome.error.code} ${outcome.error.message}`);
  const ref = outcome.ref ?? answer.refs?.find((r) => r.sku === sku);
  if (!ref) throw new Error(`${sku} accepted without a ref, in the outcome or the submission`);
  return ref;
}

/** A delist once it took effect (a refusal throws). */
export async function settledVoid(connector: Connector, answer: void | Submission): Promise<void> {
  if (!isSubmission(answer)) return;
  const refused = (await pollUntilDone(connector, answer)).filter((o) => !o.ok);
  if (refused.length) throw new Error(`refused: ${JSON.stringify(refused)}`);
}
