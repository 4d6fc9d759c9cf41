import express from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { KEY_FORMAT } from './channel.service';
import { receiveNotification } from './notifications.service';

/**
 * The inbound endpoint of marketplace push messages: `POST /notifications/<channel key>`. Not
 * GraphQL, so it carries its own body handling, behind the server's request id and error
 * handler: the body is kept raw (the signature is computed over its exact bytes) and capped in
 * size (413 beyond); answers are a fixed word each (202 accepted, 401 refused, 404 unknown, 405
 * another method), never anything of the message; the log says which channel, how many bytes
 * and the outcome, never the body, headers or signature.
 */

/** The largest push message taken (eBay's and Amazon's are a few kilobytes). */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

export interface NotificationsRouterDeps {
  config: Config;
  log: Logger;
  /** Forks an entity manager for one message. */
  em(): EntityManager;
}

function plainHeaders(raw: express.Request['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

export function notificationsRouter(deps: NotificationsRouterDeps): express.Router {
  const router = express.Router();
  router.post('/notifications/:channelKey', express.raw({ type: () => true, limit: MAX_NOTIFICATION_BYTES }), async (req, res, next) => {
    const requestId = (req as unknown as { requestId?: string }).requestId;
    const key = String(req.params.channelKey ?? '');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const log = deps.log.child({ requestId, channel: KEY_FORMAT.test(key) ? key : '(not a key)', bytes: body.length });
    try {
      const outcome = await receiveNotification({ config: deps.config, log, em: deps.em() }, key, { body, headers: plainHeaders(req.headers) });
      if (outcome.status === 202) {
        log.info({ runId: outcome.runId, orders: outcome.orders, returns: outcome.returns }, 'push message accepted');
        res.status(202).json({ status: 'accepted' });
      } else {
        log.warn({ status: outcome.status, reason: outcome.reason }, 'push message refused');
        res.status(outcome.status).json({ status: outcome.status === 401 ? 'refused' : 'not found' });
      }
    } catch (err) {
      next(err);
    }
  });
  router.all('/notifications/:channelKey', (_req, res) => {
    res.status(405).set('allow', 'POST').json({ status: 'method not allowed' });
  });
  return router;
}
