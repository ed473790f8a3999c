// Product → owning team: the routing key of DOMAIN.md §4.
import type { Team } from '../model.js';
import type { Directory } from '../cases/repositories.js';
import { CaseError } from '../cases/case-error.js';

/**
 * The team owning `product`. When no team declares any product (a fresh install), cases go to
 * no team rather than being refused; an unknown product among declared ones is refused.
 */
export async function routeCase(directory: Directory, product: string): Promise<Team | null> {
  const team = await directory.teamForProduct(product);
  if (team) return team;
  const products = await directory.listProducts();
  if (products.length === 0) return null;
  throw new CaseError(
    'UNKNOWN_PRODUCT',
    `No team handles "${product}". Choose one of: ${products.join(', ')}.`,
    {
      products,
    },
  );
}
