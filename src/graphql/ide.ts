import path from 'node:path';
import { Router } from 'express';

/**
 * GraphiQL, served by the API itself from npm packages: many company networks (and CI
 * machines) have no internet, so nothing is loaded from a CDN.
 */
export function ideRouter(): Router {
  const router = Router();
  const file = (pkg: string, rel: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel);
  const assets: Record<string, string> = {
    'react.js': file('react', 'umd/react.production.min.js'),
    'react-dom.js': file('react-dom', 'umd/react-dom.production.min.js'),
    'graphiql.js': file('graphiql', 'graphiql.min.js'),
    'graphiql.css': file('graphiql', 'graphiql.min.css'),
  };
  for (const [name, location] of Object.entries(assets)) {
    router.get(`/ide/${name}`, (_req, res) => res.sendFile(location, { maxAge: '1d' }));
  }
  return router;
}

/** The IDE page: GraphiQL pointed at /graphql, with a header editor for the Bearer token. */
export const IDE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Commerce GraphQL</title>
  <link rel="stylesheet" href="/ide/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/ide/react.js"></script>
  <script src="/ide/react-dom.js"></script>
  <script src="/ide/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: { 'apollo-require-preflight': 'true' } });
    const defaultQuery = '# Sign in, then put {"Authorization": "Bearer <token>"} in Headers below.\\n' +
      'mutation { login(email: "owner@example.com", password: "owner-pass-123") { token userErrors { code message } } }\\n';
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: true }),
    );
  </script>
</body>
</html>`;

