import type { CarrierCode, ConnectorModule } from '../../connectors/sdk/types';

/**
 * Which carrier code a parcel goes to a marketplace with. Staff write our carrier names on
 * shipments ("SF", "顺丰", "DHL Express"); each marketplace wants its own codes (TOP company codes
 * SF, ZTO; eBay USPS, UPS; AliExpress logistics service keys). A channel's carrier table (staff
 * keep it: setChannelCarriers) maps a name to a code and a default service; without a row, a
 * name that is one of the connector's known codes or their aliases maps to that code; a
 * connector that declares no codes takes the name as it is. Anything else is unmapped, and the
 * parcel waits (CARRIER_UNMAPPED) rather than going out with a code the marketplace would take
 * for another carrier. Pure.
 */

/** A row of a channel's carrier table. */
export interface CarrierMapping {
  carrier: string;
  code: string;
  service: string | null;
}

export interface ResolvedCarrier {
  code: string;
  /** The table's default service for the carrier (the shipment's own wins). */
  service: string | null;
  /** Where the code came from: the channel's table, the connector's known codes, or the name as it is. */
  source: 'TABLE' | 'KNOWN' | 'AS_IS';
}

const key = (s: string) => s.trim().toLowerCase();

/** The connector's known code for a name: the code itself or one of its aliases, case-insensitive. */
export function knownCarrier(name: string, module: Pick<ConnectorModule, 'carriers'> | undefined): CarrierCode | undefined {
  const k = key(name);
  const known = module?.carriers?.known ?? [];
  return known.find((c) => key(c.code) === k) ?? known.find((c) => (c.aliases ?? []).some((a) => key(a) === k));
}

/** The code (and default service) a carrier name goes to the marketplace with, or null when it has none. */
export function resolveCarrier(name: string, table: CarrierMapping[], module: Pick<ConnectorModule, 'carriers'> | undefined): ResolvedCarrier | null {
  const row = table.find((r) => key(r.carrier) === key(name));
  if (row) return { code: row.code, service: row.service, source: 'TABLE' };
  const known = knownCarrier(name, module);
  if (known) return { code: known.code, service: null, source: 'KNOWN' };
  if (!module?.carriers?.known.length) return name.trim() ? { code: name.trim(), service: null, source: 'AS_IS' } : null;
  return null;
}

/** Why a table row's code cannot be kept for this connector, or null: a closed list knows every code there is. */
export function codeRefusal(code: string, module: Pick<ConnectorModule, 'carriers' | 'label'> | undefined): string | null {
  if (!module?.carriers?.closed) return null;
  if (module.carriers.known.some((c) => c.code === code)) return null;
  return `${module.label} has no carrier code ${code}; its codes are ${module.carriers.known.map((c) => c.code).join(', ')}`;
}
