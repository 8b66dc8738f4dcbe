import { Conflict, Forbidden, Invalid, NotFound, actingAs, assertNever, hasRole, type ActorRef, type Command, type Decider } from '@b2b/kernel';

export interface ListLine { readonly sku: string; readonly quantity: number }

/** A user's saved order list (favourites): a name and lines to order again and again. Private to its owner. */
export type OrderListEvent =
  | { type: 'OrderListSaved'; data: { listId: string; companyId: string; name: string; lines: readonly ListLine[]; by: ActorRef; at: string } }
  | { type: 'OrderListChanged'; data: { listId: string; name: string; lines: readonly ListLine[]; by: ActorRef; at: string } }
  | { type: 'OrderListDeleted'; data: { listId: string; by: ActorRef; at: string } };

export type OrderListCommand =
  | Command<'SaveOrderList', { listId: string; name: string; lines: readonly ListLine[] }>
  | Command<'ChangeOrderList', { listId: string; name: string; lines: readonly ListLine[] }>
  | Command<'DeleteOrderList', { listId: string }>;

export type OrderList =
  | { status: 'none' }
  | { status: 'saved' | 'deleted'; listId: string; ownerId: string; companyId: string; name: string; lines: readonly ListLine[] };

const checkLines = (lines: readonly ListLine[]): void => {
  if (lines.length === 0) throw new Invalid('ORDER_LIST.NO_LINES', 'lines: a list needs at least one line');
  if (new Set(lines.map((l) => l.sku)).size !== lines.length) throw new Invalid('ORDER_LIST.DUPLICATE_SKU', 'lines: give one line per SKU');
};

const owned = (state: OrderList, command: OrderListCommand): Exclude<OrderList, { status: 'none' }> => {
  if (state.status !== 'saved' || state.ownerId !== command.meta.by.userId) throw new NotFound('ORDER_LIST.NOT_FOUND', `order list ${command.data.listId} not found`);
  return state;
};

const decide = (command: OrderListCommand, state: OrderList): OrderListEvent[] => {
  const at = command.meta.now.toISOString();
  const actor = command.meta.by;
  if (!hasRole(actor, 'requester')) throw new Forbidden('ORDER_LIST.REQUESTER_ONLY', 'order lists belong to requesters');
  const by = actingAs(actor, 'requester');
  switch (command.type) {
    case 'SaveOrderList':
      if (state.status !== 'none') throw new Conflict('ORDER_LIST.EXISTS', `order list ${command.data.listId} already exists`);
      checkLines(command.data.lines);
      return [{ type: 'OrderListSaved', data: { ...command.data, companyId: actor.companyId, by, at } }];
    case 'ChangeOrderList':
      owned(state, command);
      checkLines(command.data.lines);
      return [{ type: 'OrderListChanged', data: { ...command.data, by, at } }];
    case 'DeleteOrderList':
      owned(state, command);
      return [{ type: 'OrderListDeleted', data: { listId: command.data.listId, by, at } }];
    default:
      return assertNever(command);
  }
};

const evolve = (state: OrderList, event: OrderListEvent): OrderList => {
  switch (event.type) {
    case 'OrderListSaved':
      return { status: 'saved', listId: event.data.listId, ownerId: event.data.by.userId, companyId: event.data.companyId, name: event.data.name, lines: event.data.lines };
    case 'OrderListChanged':
      return state.status === 'none' ? state : { ...state, name: event.data.name, lines: event.data.lines };
    case 'OrderListDeleted':
      return state.status === 'none' ? state : { ...state, status: 'deleted' };
    default:
      return assertNever(event);
  }
};

export const orderListDecider: Decider<OrderList, OrderListCommand, OrderListEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const orderListStream = (listId: string): string => `order-list-${listId}`;
