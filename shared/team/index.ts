export * from './envelope';
export * from './errors';
export * from './guarded-socket';
export * from './invitation';
export * from './port-pair';
export * from './sealed-relay';
export * from './sealing';
export * from './team-client';
