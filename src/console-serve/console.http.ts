import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { consoleDist } from './console-files';

/**
 * The operations console at /console: the built single-page app (console/dist) as static
 * files, and index.html for every other path under /console so the app's own routes load on a
 * reload or a shared link. Hashed assets are cached for a year; index.html is revalidated on
 * every load so a new build reaches the browser at once. Nothing comes from a CDN.
 */
export function consoleRouter(dist = consoleDist()): Router {
  const router = Router();
  const index = path.join(dist, 'index.html');
  router.get('/', (_req, res) => res.redirect(302, '/console/'));
  router.get('/console', (req, res, next) => {
    // Express matches /console/ here too (non-strict routing): only the bare path redirects.
    if (req.originalUrl.split('?')[0] !== '/console') return next();
    res.redirect(301, '/console/');
  });
  router.use('/console/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use('/console', express.static(dist, { index: false, maxAge: 0 }));
  router.get(/^\/console\/.*/, (req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('The operations console is not built: run `npm run console:build` (npm start builds it when missing).\n');
      return;
    }
    // The app's routes are pages; a missing file with an extension is a 404, not the app.
    if (path.extname(req.path)) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
