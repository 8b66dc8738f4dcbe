import { Conflict, Forbidden, NotFound, RuleViolated, assertNever, compareDecimal, hasRole, actingAs, type ActorRef, type Command, type Decider } from '@b2b/kernel';

/** A certificate, data sheet or manual a buyer may need: a name and where to get it. */
export interface ProductDocument {
  readonly name: string;
  readonly url: string;
}

export interface ProductDetails {
  readonly sku: string;
  readonly typeNumber: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly unit: string;
  readonly listPrice: string;
  readonly currency: string;
  readonly documents: readonly ProductDocument[];
}

type Stamp = { by: ActorRef; at: string };

export type ProductEvent =
  | { type: 'ProductListed'; data: ProductDetails & Stamp }
  /** The details after the change (the whole set: a reader needs no earlier event to show the product). */
  | { type: 'ProductRevised'; data: ProductDetails & Stamp }
  | { type: 'ProductDeactivated'; data: { sku: string; reason: string } & Stamp }
  | { type: 'ProductReactivated'; data: { sku: string } & Stamp };

export type ProductCommand =
  | Command<'ListProduct', ProductDetails>
  | Command<'ReviseProduct', ProductDetails>
  /** From a CSV import: lists a new SKU, revises a known one, sets the active flag, and does nothing
   *  when nothing changed. */
  | Command<'ImportProduct', ProductDetails & { active: boolean }>
  | Command<'DeactivateProduct', { sku: string; reason: string }>
  | Command<'ReactivateProduct', { sku: string }>;

export type Product = { status: 'none' } | { status: 'listed'; product: ProductDetails; active: boolean };

const requireAdmin = (command: ProductCommand): ActorRef => {
  if (!hasRole(command.meta.by, 'supplier-admin')) throw new Forbidden('PRODUCT.SUPPLIER_ADMIN_ONLY', 'only the supplier admin may change the catalog');
  return actingAs(command.meta.by, 'supplier-admin');
};

/** Business rules on details (formats are checked at the edge). Throws RuleViolated (422). */
export const checkProductDetails = (details: ProductDetails): void => {
  if (compareDecimal(details.listPrice, '0') <= 0) throw new RuleViolated('PRODUCT.INVALID_PRICE', 'listPrice must be positive');
  const names = new Set<string>();
  for (const document of details.documents) {
    if (names.has(document.name)) throw new RuleViolated('PRODUCT.DUPLICATE_DOCUMENT', `documents: "${document.name}" is listed twice`);
    names.add(document.name);
  }
};

const sameDetails = (a: ProductDetails, b: ProductDetails): boolean =>
  a.typeNumber === b.typeNumber && a.name === b.name && a.description === b.description && a.category === b.category && a.unit === b.unit &&
  compareDecimal(a.listPrice, b.listPrice) === 0 && a.currency === b.currency &&
  a.documents.length === b.documents.length && a.documents.every((d, i) => d.name === b.documents[i]!.name && d.url === b.documents[i]!.url);

const notFound = (sku: string): never => {
  throw new NotFound('PRODUCT.NOT_FOUND', `product ${sku} not found`);
};

/** One stream per SKU, so a SKU can be listed only once (the append expects no stream). */
const decide = (command: ProductCommand, state: Product): ProductEvent[] => {
  const at = command.meta.now.toISOString();
  switch (command.type) {
    case 'ListProduct': {
      const by = requireAdmin(command);
      if (state.status !== 'none') throw new Conflict('PRODUCT.SKU_TAKEN', `a product with SKU ${command.data.sku} already exists`);
      checkProductDetails(command.data);
      return [{ type: 'ProductListed', data: { ...command.data, by, at } }];
    }
    case 'ReviseProduct': {
      const by = requireAdmin(command);
      if (state.status === 'none') return notFound(command.data.sku);
      checkProductDetails(command.data);
      return sameDetails(state.product, command.data) ? [] : [{ type: 'ProductRevised', data: { ...command.data, by, at } }];
    }
    case 'ImportProduct': {
      const by = requireAdmin(command);
      const { active, ...details } = command.data;
      checkProductDetails(details);
      const events: ProductEvent[] = [];
      if (state.status === 'none') events.push({ type: 'ProductListed', data: { ...details, by, at } });
      else if (!sameDetails(state.product, details)) events.push({ type: 'ProductRevised', data: { ...details, by, at } });
      const wasActive = state.status === 'none' || state.active;
      if (wasActive && !active) events.push({ type: 'ProductDeactivated', data: { sku: details.sku, reason: 'import', by, at } });
      if (!wasActive && active) events.push({ type: 'ProductReactivated', data: { sku: details.sku, by, at } });
      return events;
    }
    case 'DeactivateProduct': {
      const by = requireAdmin(command);
      if (state.status === 'none') return notFound(command.data.sku);
      if (!state.active) throw new Conflict('PRODUCT.ALREADY_INACTIVE', `product ${command.data.sku} is already inactive`);
      return [{ type: 'ProductDeactivated', data: { ...command.data, by, at } }];
    }
    case 'ReactivateProduct': {
      const by = requireAdmin(command);
      if (state.status === 'none') return notFound(command.data.sku);
      if (state.active) throw new Conflict('PRODUCT.ALREADY_ACTIVE', `product ${command.data.sku} is already active`);
      return [{ type: 'ProductReactivated', data: { ...command.data, by, at } }];
    }
    default:
      return assertNever(command);
  }
};

/** Earlier ProductListed events were stored without documents: read them as none. */
export const withDocuments = <T extends { documents?: readonly ProductDocument[] }>(details: T): T & { documents: readonly ProductDocument[] } => ({
  ...details,
  documents: details.documents ?? [],
});

const detailsOf = ({ by: _by, at: _at, ...details }: ProductDetails & Stamp): ProductDetails => withDocuments(details);

const evolve = (state: Product, event: ProductEvent): Product => {
  switch (event.type) {
    case 'ProductListed':
      return { status: 'listed', product: detailsOf(event.data), active: true };
    case 'ProductRevised':
      return state.status === 'listed' ? { ...state, product: detailsOf(event.data) } : state;
    case 'ProductDeactivated':
      return state.status === 'listed' ? { ...state, active: false } : state;
    case 'ProductReactivated':
      return state.status === 'listed' ? { ...state, active: true } : state;
    default:
      return assertNever(event);
  }
};

export const productDecider: Decider<Product, ProductCommand, ProductEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const productStream = (sku: string): string => `product-${sku}`;

