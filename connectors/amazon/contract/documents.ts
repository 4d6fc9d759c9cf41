import type { ContractProblem } from '../../sdk/contract';
import { describeAjvErrors } from '../../sdk/contract';
import { DOCUMENT_SCHEMA_FILES, readSpecFile } from './normalise';

/**
 * The JSON Schemas of documents that travel outside the API calls: a JSON_LISTINGS_FEED uploaded
 * to its presigned URL (listings-feed-schema-v2.json), and the processing report the simulator
 * writes for it (listings-feed-processing-report-schema-v2.json). Compiled with Ajv (draft-07, as
 * the schemas declare) as they are.
 */

type Validate = ((value: unknown) => boolean) & { errors?: unknown[] | null };

export class DocumentSchemas {
  private constructor(private readonly feed: Validate, private readonly report: Validate) {}

  static load(): DocumentSchemas {
    // Required here: ajv is a devDependency (a production image runs the simulator without checks).
    const Ajv = (require('ajv') as { default: new (o: Record<string, unknown>) => { compile(s: unknown): Validate } }).default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const compile = (file: string) => {
      const schema = { ...readSpecFile(file) };
      delete schema.$schema;
      return ajv.compile(schema);
    };
    return new DocumentSchemas(compile(DOCUMENT_SCHEMA_FILES.listingsFeed), compile(DOCUMENT_SCHEMA_FILES.listingsFeedReport));
  }

  private check(validate: Validate, value: unknown, side: ContractProblem['side'], prefix: string): ContractProblem[] {
    if (validate(value)) return [];
    return describeAjvErrors(side, validate.errors as never, prefix);
  }

  /** A JSON_LISTINGS_FEED document as uploaded (parsed), against listings-feed-schema-v2.json. */
  listingsFeed(value: unknown): ContractProblem[] {
    return this.check(this.feed, value, 'request', '/feedDocument');
  }

  /** A processing report as the simulator serves it, against listings-feed-processing-report-schema-v2.json. */
  listingsFeedReport(value: unknown): ContractProblem[] {
    return this.check(this.report, value, 'response', '/processingReport');
  }
}
