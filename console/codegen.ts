import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the console from the committed schema.graphql (README, "Typed clients
 * with graphql-codegen"). Run from the repository root: `npm run console:codegen`. CI fails when
 * console/src/gql is not what this produces.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['console/src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Operations as strings with their types attached: fetch sends them as they are, no
        // GraphQL parser in the bundle.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        onlyOperationTypes: true,
        skipTypename: true,
        // Every custom scalar of the schema has a TypeScript type here; a new one fails the
        // generation instead of coming out as `any`.
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          Decimal: 'string',
          JSON: 'unknown',
          JSONObject: 'Record<string, unknown>',
          SafeInt: 'number',
        },
      },
    },
  },
};

export default config;
