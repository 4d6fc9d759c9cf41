import type { Params } from './top-params';
import type { Raw, SimSession, TopState } from './top-state';

/** One call to a business method, after the gateway accepted its system parameters. */
export interface TopCall {
  method: string;
  params: Params;
  state: TopState;
  /** The seller's session; null for methods that take none (the token refresh). */
  session: SimSession | null;
  now: Date;
}

/** A TOP method the simulator implements. */
export interface TopMethod {
  /** Whether the method is authorised by the seller's `session` (§11.4). */
  needsSession: boolean;
  /** The inside of `<method>_response` (the gateway adds the wrapper and `request_id`); throws TopFault. */
  run(call: TopCall): Raw;
}

export type TopMethods = Record<string, TopMethod>;
