export * from './common';
export * from './user';
export * from './org';
export * from './sync';
export * from './app';
export * from './people';
export * from './automation';
export * from './usage';
