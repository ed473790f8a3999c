// Product → owning team: the routing key of DOMAIN.md §4.
import type { Team } from '../model.js';
import type { Directory } from '../ports/storage.js';
import { CaseError } from '../cases/case-error.js';

/**
 * The team owning `product`. When no team declares any product (a fresh install), cases go to
 * no team rather than being refused; an unknown product among declared ones is refused, in the
 * words of whoever reads the refusal (a catalogue message, said where it becomes a notice).
 */
export async function routeCase(directory: Directory, product: string): Promise<Team | null> {
  const team = await directory.teamForProduct(product);
  if (team) return team;
  const products = await directory.listProducts();
  if (products.length === 0) return null;
  throw new CaseError(
    'UNKNOWN_PRODUCT',
    { key: 'sla.routing.noTeam', values: { product, products: products.join(', ') } },
    { products },
  );
}
