export * from './mappingSchema';
export * from './loadMapping';
export * from './mapRecord';
export * from './toCrmFields';
export * from './transforms';
export * from './validateMapping';
export * from './leadOutcomes';
