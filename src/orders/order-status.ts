import { registerEnumType } from 'type-graphql';

/** Where an order is in its life. Holds are flags beside the status, not states. */
export enum OrderStatus {
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  PAID = 'PAID',
  PARTIALLY_SHIPPED = 'PARTIALLY_SHIPPED',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order is in its life; every marketplace status maps to one of these.',
  valuesConfig: {
    PENDING_PAYMENT: { description: 'Placed, not paid yet (待付款).' },
    PAID: { description: 'Paid, waiting to ship (待发货); stock is reserved.' },
    PARTIALLY_SHIPPED: { description: 'Some lines or units shipped.' },
    SHIPPED: { description: 'Everything shipped (已发货).' },
    DELIVERED: { description: 'The carrier delivered it.' },
    COMPLETED: { description: 'Closed successfully (交易成功).' },
    CANCELLED: { description: 'Cancelled (交易关闭); reserved stock released.' },
    REFUNDED: { description: 'Fully refunded.' },
  },
});

/**
 * The transition table: the only way an order's status changes. Anything not listed is an
 * illegal transition (ILLEGAL_TRANSITION).
 */
export const TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  PENDING_PAYMENT: [OrderStatus.PAID, OrderStatus.CANCELLED],
  PAID: [OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED],
  PARTIALLY_SHIPPED: [OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED],
  SHIPPED: [OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.REFUNDED],
  DELIVERED: [OrderStatus.COMPLETED, OrderStatus.REFUNDED],
  COMPLETED: [OrderStatus.REFUNDED],
  CANCELLED: [],
  REFUNDED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why an order is held; several may hold at once. */
export enum HoldReason {
  UNMAPPED_SKU = 'UNMAPPED_SKU',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  ADDRESS_INCOMPLETE = 'ADDRESS_INCOMPLETE',
  CANCEL_REQUESTED = 'CANCEL_REQUESTED',
  DISPUTE = 'DISPUTE',
  DO_NOT_SHIP = 'DO_NOT_SHIP',
  FROZEN = 'FROZEN',
  MANUAL = 'MANUAL',
}
registerEnumType(HoldReason, {
  name: 'HoldReason',
  description: 'Why an order is held back from fulfilment.',
  valuesConfig: {
    UNMAPPED_SKU: { description: 'A line names a SKU we do not know; map it to release.' },
    INSUFFICIENT_STOCK: { description: 'Paid, but stock could not be reserved.' },
    ADDRESS_INCOMPLETE: { description: 'The shipping address lacks what a waybill needs.' },
    CANCEL_REQUESTED: { description: 'The buyer asked to cancel.' },
    DISPUTE: { description: 'A dispute or complaint is open.' },
    DO_NOT_SHIP: { description: 'The marketplace forbids shipping for now (e.g. Taobao PAID_FORBID_CONSIGN: a group buy still open).' },
    FROZEN: { description: 'The marketplace froze the order under review (AliExpress IN_FROZEN); released when it unfreezes it.' },
    MANUAL: { description: 'Held by staff.' },
  },
});

/** Who ships an order. */
export enum FulfilledBy {
  MERCHANT = 'MERCHANT',
  MARKETPLACE = 'MARKETPLACE',
}
registerEnumType(FulfilledBy, {
  name: 'FulfilledBy',
  description: 'Who ships an order: we do, or the marketplace from its own warehouses.',
  valuesConfig: {
    MERCHANT: { description: 'We ship it from our warehouses (Amazon MFN; every Taobao, AliExpress and eBay order): it reserves our stock and goes to our pick lists.' },
    MARKETPLACE: { description: 'The marketplace ships it from its own stock (Amazon AFN / FBA): it reserves none of ours and never reaches our pick lists.' },
  },
});

/** What the buyer of a return asks for. */
export enum ReturnType {
  REFUND_ONLY = 'REFUND_ONLY',
  RETURN_AND_REFUND = 'RETURN_AND_REFUND',
  EXCHANGE = 'EXCHANGE',
}
registerEnumType(ReturnType, {
  name: 'ReturnType',
  description: 'What the buyer asks for.',
  valuesConfig: {
    REFUND_ONLY: { description: 'Money back without sending goods back (仅退款); may cover unshipped units.' },
    RETURN_AND_REFUND: { description: 'Goods come back, then money goes back (退货退款).' },
    EXCHANGE: { description: 'Goods come back and a replacement order ships (换货).' },
  },
});

/** Where a return is in its life. */
export enum ReturnStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  RECEIVED = 'RECEIVED',
  REFUNDED = 'REFUNDED',
  CLOSED = 'CLOSED',
}
registerEnumType(ReturnStatus, {
  name: 'ReturnStatus',
  description: 'Where a return is: REQUESTED → APPROVED | REJECTED → RECEIVED → REFUNDED → CLOSED.',
  valuesConfig: {
    REQUESTED: { description: 'Asked for, waiting for customer service.' },
    APPROVED: { description: 'Accepted; goods may be sent back (or a refund-only return refunded).' },
    REJECTED: { description: 'Refused, with a reason.' },
    RECEIVED: { description: 'Every unit came back and was inspected.' },
    REFUNDED: { description: 'Money went back to the buyer.' },
    CLOSED: { description: 'Done: an exchange whose replacement order was created.' },
  },
});
