export * from './envelope';
export * from './errors';
export * from './invitation';
export * from './port-pair';
export * from './sealed-relay';
export * from './sealing';
export * from './team-client';
