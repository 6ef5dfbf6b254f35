export * from './errors';
export * from './permissions';
export * from './mutators';
export * from './ipc';
export * from './schemas/index';
