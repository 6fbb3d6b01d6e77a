export * from './status';
export * from './lead';
export * from './engagement';
export * from './enrichment';
export * from './outcome';
export * from './errors';
export * from './connector';
