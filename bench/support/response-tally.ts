/**
 * Counts what the GraphQL responses of a load run said, reading every body: top-level
 * `errors`, a mutation payload answering with `userErrors` (an expected outcome for a client,
 * but not what a benchmark meant to measure), and bodies that are not a GraphQL response.
 */
export class ResponseTally {
  /** Bodies read. */
  responses = 0;
  /** Responses with top-level `errors`. */
  graphqlErrors = 0;
  /** Responses whose payload had userErrors. */
  userErrors = 0;
  /** Bodies that were not JSON or had no `data`. */
  unreadable = 0;
  /** The first few distinct problems, to say what went wrong. */
  readonly samples: string[] = [];

  /** `field` is the mutation whose payload's userErrors count; none for a query. */
  constructor(private readonly field?: string) {}

  /** Every response that was not a clean success. */
  get failed(): number {
    return this.graphqlErrors + this.userErrors + this.unreadable;
  }

  record(status: number, body: string): void {
    this.responses++;
    let parsed: { data?: Record<string, { userErrors?: { code: string; message: string }[] } | null>; errors?: { message?: string }[] };
    try {
      parsed = JSON.parse(body);
    } catch {
      this.unreadable++;
      return this.sample(`HTTP ${status}, not JSON: ${body.slice(0, 200)}`);
    }
    if (parsed.errors?.length) {
      this.graphqlErrors++;
      return this.sample(`HTTP ${status}: ${parsed.errors.map((e) => e.message).join('; ').slice(0, 200)}`);
    }
    if (!parsed.data) {
      this.unreadable++;
      return this.sample(`HTTP ${status}, no data: ${body.slice(0, 200)}`);
    }
    const userErrors = this.field ? parsed.data[this.field]?.userErrors : undefined;
    if (userErrors?.length) {
      this.userErrors++;
      this.sample(userErrors.map((e) => `${e.code}: ${e.message}`).join('; ').slice(0, 200));
    }
  }

  private sample(text: string): void {
    if (this.samples.length < 3 && !this.samples.includes(text)) this.samples.push(text);
  }
}
