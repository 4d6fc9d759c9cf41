import { transportSecurity } from './security/transport';
import { channelScopeSecurity } from './security/channel-scope';
import { channelScopeWalk } from './security/channel-scope-walk';
import { accountSecurity } from './security/accounts';
import { inputSecurity } from './security/inputs';

/**
 * The security suite: every finding of the attacker's review (issue 11) as a test that failed
 * before its fix. Each section starts the apps it needs; future changes keep all of them green.
 */
describe('transport: every operation over HTTP and WebSocket behind the same guards', transportSecurity);
describe('channel scope: a one-channel person sees and changes only that channel', channelScopeSecurity);
describe('channel scope walk: two overseas sellers, each on one shop, walk the whole schema against the other’s shop', channelScopeWalk);
describe('accounts: owner password, login throttling, grants, password resets', accountSecurity);
describe('inputs: URLs, numbers, text and currencies the business can mean', inputSecurity);
