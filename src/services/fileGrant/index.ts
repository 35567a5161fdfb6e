export * from './grant'
export * from './copy'
