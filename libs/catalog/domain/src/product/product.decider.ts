import { Conflict, Forbidden, RuleViolated, assertNever, compareDecimal, hasRole, actingAs, type ActorRef, type Command, type Decider } from '@b2b/kernel';

export interface ProductDetails {
  readonly sku: string;
  readonly typeNumber: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly unit: string;
  readonly listPrice: string;
  readonly currency: string;
}

export type ProductEvent = { type: 'ProductListed'; data: ProductDetails & { by: ActorRef; at: string } };
export type ProductCommand = Command<'ListProduct', ProductDetails>;
export type Product = { status: 'none' } | { status: 'listed'; product: ProductDetails };

/** One stream per SKU, so a SKU can be listed only once (the append expects no stream). */
const decide = (command: ProductCommand, state: Product): ProductEvent[] => {
  switch (command.type) {
    case 'ListProduct': {
      if (!hasRole(command.meta.by, 'supplier-admin')) throw new Forbidden('PRODUCT.CANNOT_LIST', 'only the supplier admin may list products');
      if (state.status !== 'none') throw new Conflict('PRODUCT.SKU_TAKEN', `a product with SKU ${command.data.sku} already exists`);
      if (compareDecimal(command.data.listPrice, '0') <= 0) throw new RuleViolated('PRODUCT.INVALID_PRICE', 'listPrice must be positive');
      return [{ type: 'ProductListed', data: { ...command.data, by: actingAs(command.meta.by, 'supplier-admin'), at: command.meta.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_: Product, event: ProductEvent): Product => {
  switch (event.type) {
    case 'ProductListed': {
      const { by: _by, at: _at, ...product } = event.data;
      return { status: 'listed', product };
    }
    default:
      return assertNever(event.type);
  }
};

export const productDecider: Decider<Product, ProductCommand, ProductEvent> = { decide, evolve, initialState: () => ({ status: 'none' }) };
export const productStream = (sku: string): string => `product-${sku}`;
