export { CatalogModule } from './catalog.module.js';
// For the search benchmark (tools/bench): the query and the tables it reads.
export { CatalogSearchQuery } from './application/catalog-search.query.js';
export { CATALOG_ENTITIES, CATALOG_SEARCH_INDEXES } from './infrastructure/read-models/catalog.entities.js';
export { catalogReadModels } from './infrastructure/read-models/catalog.read-models.js';
