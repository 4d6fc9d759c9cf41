/** One marketplace call the simulator answered, as `GET /__sim/requests` lists it. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The marketplace's name for the call (TOP `method`, an eBay operation); null when it had none. */
  operation: string | null;
  /** ISO time the call arrived. */
  at: string;
  /** HTTP status answered. */
  status: number;
  /** The marketplace error code in the answer (TOP `code`, with `sub_code`), when it was an error. */
  errorCode: string | null;
  /** The marketplace's error message (TOP `msg`, e.g. "App Call Limited"), when it was an error. */
  errorMessage: string | null;
  /** The call's business parameters, secrets and signature left out; null when the marketplace gave none. */
  params: Record<string, string> | null;
  ms: number;
  /** The call was carried out but its answer never sent (the `lostAnswer` fault). */
  lost: boolean;
  /** The call was carried out but answered with a server fault (the `error500AfterCommit` fault); `status` is that fault's. */
  failedAfterCommit: boolean;
  /** The seller (`POST /__sim/sellers`) the call went to; null for the simulator's first one. */
  seller: string | null;
}

/** The last `limit` calls, oldest first; a long-running simulator does not grow without end. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly limit = 10_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
