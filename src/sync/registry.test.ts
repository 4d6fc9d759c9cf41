import path from 'node:path';
import { taobaoConnector } from '../../connectors/taobao';
import type { ConnectorModule } from '../../connectors/sdk/types';
import { availableKinds, CHANNEL_KIND_DESCRIPTIONS, CHANNEL_KIND_VALUES, connectorFor, connectorSource, loadConfiguredConnectors, noteStoredKinds, registerConnector } from './registry';

/** Connectors as plug-ins: the built-in folders are found, more come by name, and a kind has one connector. */

const ROOT = path.resolve(__dirname, '..', '..');
const like = (kinds: string[], extra: Partial<ConnectorModule> = {}): ConnectorModule => ({ ...taobaoConnector, kinds, kindDescriptions: undefined, ...extra });

describe('connector registry', () => {
  it('given the connectors folder when the registry loads then the built-in connector is installed with its kinds', () => {
    expect(connectorFor('TAOBAO')).toBe(taobaoConnector);
    expect(connectorSource(taobaoConnector)).toBe('connectors/taobao');
    expect(availableKinds()).toEqual(expect.arrayContaining(['TAOBAO', 'TMALL']));
    expect(CHANNEL_KIND_VALUES.TMALL).toBe('TMALL');
    expect(CHANNEL_KIND_DESCRIPTIONS.TMALL.description).toMatch(/\S/);
  });

  it('given a module for a new kind when it registers then the kind is a channel kind, described as it says', () => {
    const zz = like(['ZZ_MARKET'], { kindDescriptions: { ZZ_MARKET: 'A market of tests.' } });
    registerConnector(zz, 'test');
    expect(connectorFor('ZZ_MARKET')).toBe(zz);
    expect(CHANNEL_KIND_DESCRIPTIONS.ZZ_MARKET).toEqual({ description: 'A market of tests.' });
    // The same module again changes nothing.
    registerConnector(zz, 'test again');
    expect(connectorSource(zz)).toBe('test');
  });

  it('given a kind another connector serves, or one that is not a kind, when it registers then it is refused by name', () => {
    expect(() => registerConnector(like(['TAOBAO']), '@acme/taobao')).toThrow('@acme/taobao: the channel kind TAOBAO is already served by connectors/taobao');
    expect(() => registerConnector(like(['bad-kind']), 'x')).toThrow(/"bad-kind" is not a channel kind/);
    expect(() => registerConnector({ kinds: ['NOPE'] } as unknown as ConnectorModule, 'y')).toThrow(/does not export a connector module/);
    expect(connectorFor('NOPE')).toBeUndefined();
  });

  it('given CONNECTORS entries that cannot be installed when loaded then start-up stops with what is wrong', () => {
    expect(() => loadConfiguredConnectors(['./no/such/connector'])).toThrow(/CONNECTORS names \.\/no\/such\/connector, which cannot be found/);
    expect(() => loadConfiguredConnectors(['@acme/not-installed'])).toThrow(/is the package installed/);
    expect(() => loadConfiguredConnectors([path.join(ROOT, 'connectors', 'sdk', 'exact-json')])).toThrow(/exports no connector module/);
  });

  it('given a stored channel kind whose connector is gone when noted then it stays a readable kind that says so', () => {
    noteStoredKinds(['GONE_MARKET', 'TAOBAO']);
    expect(CHANNEL_KIND_VALUES.GONE_MARKET).toBe('GONE_MARKET');
    expect(CHANNEL_KIND_DESCRIPTIONS.GONE_MARKET.description).toMatch(/No connector is installed for GONE_MARKET/);
    expect(connectorFor('GONE_MARKET')).toBeUndefined();
    expect(CHANNEL_KIND_DESCRIPTIONS.TAOBAO.description).not.toMatch(/No connector/);
  });
});
