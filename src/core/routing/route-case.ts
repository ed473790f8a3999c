// Product → owning team: the routing key of DOMAIN.md §4.
import type { Team } from '../model.js';
import type { Directory } from '../cases/repositories.js';
import { CaseError } from '../cases/case-error.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';

/**
 * The team owning `product`. When no team declares any product (a fresh install), cases go to
 * no team rather than being refused; an unknown product among declared ones is refused.
 */
export async function routeCase(
  directory: Directory,
  product: string,
  language: string = DEFAULT_LANGUAGE,
): Promise<Team | null> {
  const team = await directory.teamForProduct(product);
  if (team) return team;
  const products = await directory.listProducts();
  if (products.length === 0) return null;
  throw new CaseError(
    'UNKNOWN_PRODUCT',
    t(language, 'sla.routing.noTeam', { product, products: products.join(', ') }),
    {
      products,
    },
  );
}
