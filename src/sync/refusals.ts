import type { ConnectorModule, RefusalExplanation } from '../../connectors/sdk/types';

/**
 * What a refusal means, for staff: beside the marketplace's own code and message (often
 * Chinese, often terse), our code for the case and an explanation in English and Chinese. The
 * marketplace's codes are the connector's to explain (`refusals` on its module, a table it
 * keeps beside its error classes); the engine's own codes are explained here; anything else
 * reads as its error kind says.
 */

export type { RefusalExplanation };

/** The codes the sync engine itself records (channel-job.ts, the jobs, the intake). */
const ENGINE: Record<string, RefusalExplanation> = {
  NO_CONNECTOR: {
    reason: 'NO_CONNECTOR',
    en: 'No connector is installed for this channel kind, so nothing can be sent to or read from the marketplace.',
    zh: '该渠道类型没有安装连接器，无法与平台同步。',
  },
  CREDENTIALS_UNREADABLE: {
    reason: 'CREDENTIALS_UNREADABLE',
    en: 'The stored credentials cannot be decrypted (SECRETS_KEY changed): enter them again.',
    zh: '已保存的凭证无法解密（SECRETS_KEY 已更改），请重新填写凭证。',
  },
  MALFORMED_ORDER: {
    reason: 'ORDER_UNREADABLE',
    en: 'The marketplace sent an order we could not read; it is kept with its raw body and the rest were imported.',
    zh: '平台返回的订单无法解析，已保留原始数据，其余订单已导入。',
  },
  MALFORMED_RETURN: {
    reason: 'RETURN_UNREADABLE',
    en: 'The marketplace sent a return or refund we could not read; it is kept with its raw body.',
    zh: '平台返回的退款/退货无法解析，已保留原始数据。',
  },
  STOCK_PUSH_INCOMPLETE: {
    reason: 'STOCK_NOT_YET_ACCEPTED',
    en: 'Some stock quantities were not accepted yet; they are sent again.',
    zh: '部分库存数量尚未被平台接受，将自动重试。',
  },
  PRICE_PUSH_INCOMPLETE: {
    reason: 'PRICE_NOT_YET_ACCEPTED',
    en: 'Some prices were not accepted yet; they are sent again.',
    zh: '部分价格尚未被平台接受，将自动重试。',
  },
  MISSING_TRANSLATION: {
    reason: 'MISSING_TRANSLATION',
    en: "The product has no title and description in the channel's main language, which this marketplace lists in: add the translation (setProductTranslations) and publish again.",
    zh: '商品缺少该渠道主语言的标题和描述（该平台只以渠道语言展示商品）：请补充翻译（setProductTranslations）后重新发布。',
  },
  EXCHANGE_RATE_MISSING: {
    reason: 'EXCHANGE_RATE_MISSING',
    en: "The channel's price rule converts with finance's exchange rates, and there is no rate to the channel's currency yet: finance enters one (setExchangeRate), then publish or push prices again.",
    zh: '该渠道的价格规则按财务汇率换算，但尚无到该渠道币种的汇率：请财务录入汇率（setExchangeRate）后重新发布或推送价格。',
  },
  CHANNEL_PAUSED: { reason: 'CHANNEL_PAUSED', en: 'The channel is paused: nothing is synced until it is set ACTIVE.', zh: '渠道已暂停，重新启用后才会同步。' },
  CHANNEL_AUTH_FAILED: {
    reason: 'CREDENTIALS_REFUSED',
    en: 'The marketplace refused the credentials: the channel waits until they are replaced or a connection test passes.',
    zh: '平台拒绝了凭证：请更新凭证或重新测试连接后再同步。',
  },
  CHANNEL_OPERATION_DISABLED: {
    reason: 'OPERATION_DISABLED',
    en: 'This operation is not enabled on the channel (enabledOps).',
    zh: '该渠道未启用此操作（enabledOps）。',
  },
};

/** What a refusal means when nothing more specific is known: by its error kind. */
const BY_KIND: Record<string, RefusalExplanation> = {
  PERMANENT: {
    reason: 'MARKETPLACE_REFUSED',
    en: "The marketplace refused the request itself: correct what its message names (listing, category, attributes, order) and try again.",
    zh: '平台拒绝了该请求：请按平台提示修改（商品、类目、属性或订单）后重试。',
  },
  RETRYABLE: {
    reason: 'MARKETPLACE_UNAVAILABLE',
    en: 'The marketplace or the network failed; the engine retried until its retries ran out. Retry it when the marketplace is back.',
    zh: '平台或网络故障，已自动重试至上限；平台恢复后可再次重试。',
  },
  RATE_LIMITED: {
    reason: 'MARKETPLACE_CALL_LIMIT',
    en: "Over the marketplace's call limit until the retries ran out; retry later.",
    zh: '超出平台调用频率限制，重试已用完，请稍后再试。',
  },
  AUTH_FAILED: {
    reason: 'CREDENTIALS_REFUSED',
    en: 'The marketplace refused the credentials: replace them (updateChannel) or test the connection again.',
    zh: '平台拒绝了凭证：请更新凭证或重新测试连接。',
  },
  MALFORMED: {
    reason: 'DATA_UNREADABLE',
    en: 'The marketplace sent data we could not read; it is kept with its raw body.',
    zh: '平台返回的数据无法解析，已保留原始数据。',
  },
  PERMISSION_DENIED: {
    reason: 'PERMISSION_DENIED',
    en: 'The marketplace does not allow this account this operation: grant the permission (app package, scope) and test the connection again.',
    zh: '平台未授权该账号执行此操作：请开通相应权限（应用权限包或授权范围）后重新测试连接。',
  },
  CHANNEL_STOPPED: {
    reason: 'CHANNEL_STOPPED',
    en: 'A setup fault stopped the channel (a wrong app key, this server’s clock): fix it and test the connection.',
    zh: '配置错误导致渠道停止（如应用密钥错误、服务器时间不准），修正后请重新测试连接。',
  },
  QUOTA_EXHAUSTED: {
    reason: 'MARKETPLACE_QUOTA_USED_UP',
    en: "The marketplace's quota is used up; the work waits until the reset it stated.",
    zh: '平台调用配额已用完，将在平台告知的重置时间后继续。',
  },
};

const UNKNOWN: RefusalExplanation = BY_KIND.PERMANENT;

/** The explanation a module's table gives for `code`: an exact key, else the longest `prefix*` key that matches. */
function fromModule(module: ConnectorModule | undefined, code: string): RefusalExplanation | undefined {
  const table = module?.refusals;
  if (!table) return undefined;
  if (Object.hasOwn(table, code)) return table[code];
  let best: { length: number; e: RefusalExplanation } | undefined;
  for (const [key, e] of Object.entries(table)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (code.startsWith(prefix) && (!best || prefix.length > best.length)) best = { length: prefix.length, e };
  }
  return best?.e;
}

/**
 * Our code and the English and Chinese explanation of a refusal with the marketplace's (or
 * the engine's) `code`, on a channel served by `module`; `kind` is the error class when known.
 */
export function explainRefusal(module: ConnectorModule | undefined, code: string, kind?: string | null): RefusalExplanation {
  return fromModule(module, code) ?? (Object.hasOwn(ENGINE, code) ? ENGINE[code] : undefined) ?? (kind && Object.hasOwn(BY_KIND, kind) ? BY_KIND[kind] : undefined) ?? UNKNOWN;
}
