export * from './errors';
export * from './pake';
export * from './peer-session';
export * from './rate-limit';
export * from './secure-channel';
export * from './update-guard';
export * from './wire';
export * from './workshop-code';
