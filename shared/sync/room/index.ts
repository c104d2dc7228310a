export * from './identity';
export * from './messages';
export * from './room-client';
export * from './room-errors';
export * from './room-host';
export * from './timer';
export * from './rounds';
export * from './lock-guard';
