import { startSimServer } from './sdk/simulator';
import type { ConnectorModule } from './sdk/types';
import { SIMULATORS, simulatorsOf } from './simulators';
import { taobaoConnector } from './taobao';

/** `npm run sim` and the demo start the simulators installed connectors name; nothing is registered by hand. */
describe('simulators of installed connectors', () => {
  it('given the built-in connectors when listed then Taobao and Tmall have theirs', () => {
    expect(Object.keys(SIMULATORS)).toEqual(expect.arrayContaining(['taobao', 'tmall']));
  });

  it('given a module that names its simulator when listed then that simulator starts for each of its kinds', async () => {
    const started: string[] = [];
    const module = {
      ...taobaoConnector,
      kinds: ['ZZSIM', 'ZZSIM_PRO'],
      simulator: async (kind: string, options: { port?: number }) => {
        started.push(kind);
        return startSimServer({ callsPerSecond: 5, port: options.port }, () => ({
          apiPath: '/api',
          handle: () => ({ status: 200, body: '{}' }),
          control: { credentials: () => ({}), addOrder: () => ({}), setOrderStatus: () => ({}), listings: () => ({ listings: [] }), shipments: () => ({ shipments: [] }), expireTokens: () => undefined, reset: () => undefined },
        }));
      },
    } as ConnectorModule;
    const table = simulatorsOf([{ source: 'test', modules: [module] }]);
    expect(Object.keys(table).sort()).toEqual(['zzsim', 'zzsim_pro']);
    const sim = await table.zzsim_pro({});
    try {
      expect(started).toEqual(['ZZSIM_PRO']);
      expect(sim.port).toBe(Number(new URL(sim.controlUrl).port));
      expect(sim.baseUrl).toBe(`${sim.controlUrl}/api`);
    } finally {
      await sim.stop();
    }
  });
});
