import type { Context } from '../context';
import { P } from '../staff/permissions';
import { selectRows } from '../common/sql';
import { StockLevel, StockLevelRow, Warehouse, WarehouseRow } from './inventory.types';
import { reservationNode } from './reservation.service';
import { transferNode } from './transfer.service';
import { stocktakeNode } from './stocktake.service';

/** How `node(id:)` fetches inventory objects, with the permission the typed queries need. */
export const INVENTORY_NODE_FETCHERS: Record<string, { permission: string[]; fetch(ctx: Context, id: string): Promise<object | null> }> = {
  Warehouse: {
    permission: [P.InventoryRead],
    fetch: async (ctx, id) => {
      const [row] = await selectRows<WarehouseRow>(ctx.em, 'select id, code, name, kind, country, priority, active, channel_key from warehouse where id = ?', [id]);
      return row ? Warehouse.fromRow(row) : null;
    },
  },
  StockLevel: {
    permission: [P.InventoryRead],
    fetch: async (ctx, id) => {
      const [row] = await selectRows<StockLevelRow>(
        ctx.em,
        `select sl.*, v.sku, w.code as warehouse_code from stock_level sl
           join variant v on v.id = sl.variant_id join warehouse w on w.id = sl.warehouse_id where sl.id = ?`,
        [id],
      );
      return row ? StockLevel.fromRow(row) : null;
    },
  },
  Reservation: {
    permission: [P.InventoryRead],
    fetch: (ctx, id) => reservationNode(ctx, id),
  },
  StockTransfer: {
    permission: [P.InventoryRead],
    fetch: (ctx, id) => transferNode(ctx, id),
  },
  Stocktake: {
    permission: [P.InventoryRead],
    fetch: (ctx, id) => stocktakeNode(ctx, id),
  },
};
