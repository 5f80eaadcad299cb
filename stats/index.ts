// Public surface of the statistics library (pure functions; no DAG, warehouse or Shopify knowledge).
export * from './bgnbd.js';
export * from './calibration.js';
export * from './clv.js';
export * from './errors.js';
export * from './gammagamma.js';
export * from './hyp2f1.js';
export * from './mbgnbd.js';
export * from './metrics.js';
export * from './models.js';
export * from './paretonbd.js';
export * from './score.js';
export * from './simulate.js';
export * from './special.js';
export * from './summary.js';
export * from './tuples.js';
export type * from './types.js';
export { rfmDataFromColumns, toRfmData } from './validate.js';
