import type { AeState, Raw } from './ae-state';
import type { FilePart } from './multipart';

/** One business call, after the gateway accepted its system parameters and token. */
export interface AeCall {
  method: string;
  /** Every parameter as sent (strings). */
  params: Readonly<Record<string, string>>;
  /**
   * The business parameters read against the method's metadata (objects and lists parsed from
   * their JSON, 64-bit ids as BigInt); for a method without metadata, the strings as sent.
   */
  values: Readonly<Record<string, unknown>>;
  /** File parts of a multipart call, by name. */
  files: Readonly<Record<string, FilePart>>;
  state: AeState;
  now: number;
}

/** A business method the simulator serves (every one needs the seller's access token). */
export interface AeMethod {
  /**
   * The inside of `<method>_response` (the gateway adds `request_id`, and for methods with
   * metadata writes lists and money through it). A refusal is thrown as a BusinessRefusal.
   */
  run(call: AeCall): Raw;
}

export type AeMethods = Record<string, AeMethod>;
