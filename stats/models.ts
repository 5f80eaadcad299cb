// The purchase models behind one interface, so callers (the `clv fit` command, DAG model nodes) select
// one by name and compare them by log-likelihood without knowing their parameters.
import { expectedPurchases, expectedPurchasesIfAlive, expectedPurchasesNew, fitBgNbd, pAlive } from './bgnbd.js';
import {
  fitMbgNbd,
  mbgnbdExpectedPurchases,
  mbgnbdExpectedPurchasesIfAlive,
  mbgnbdExpectedPurchasesNew,
  mbgnbdPAlive,
} from './mbgnbd.js';
import {
  fitParetoNbd,
  paretoExpectedPurchases,
  paretoExpectedPurchasesIfAlive,
  paretoExpectedPurchasesNew,
  paretoPAlive,
} from './paretonbd.js';
import type { FitOptions, FitResult, RfmData, RfmTuple } from './types.js';

export type PurchaseModelName = 'bgnbd' | 'pareto' | 'mbgnbd';
export const PURCHASE_MODELS: readonly PurchaseModelName[] = ['bgnbd', 'pareto', 'mbgnbd'];

export type Params = Record<string, number>;

export interface PurchaseModel {
  name: PurchaseModelName;
  fit(data: readonly RfmTuple[] | RfmData, options?: FitOptions): FitResult<Params>;
  /** E[Y(t) | x, t_x, T]. */
  expectedPurchases(params: Params, t: number, x: number, tx: number, T: number): number;
  pAlive(params: Params, x: number, tx: number, T: number): number;
  /** E[Y(t)] given the customer is alive at T; E[Y(t)] = this × P(alive). Depends on (x, T) only. */
  expectedPurchasesIfAlive(params: Params, t: number, x: number, T: number): number;
  /** E[X(t)] for a newly acquired customer. */
  expectedPurchasesNew(params: Params, t: number): number;
}

// The casts narrow the generic Params record to each model's parameter object (same keys by construction).
/* eslint-disable @typescript-eslint/no-explicit-any */
const make = (name: PurchaseModelName, fit: any, ey: any, pa: any, eyAlive: any, ex: any): PurchaseModel => ({
  name,
  fit,
  expectedPurchases: ey,
  pAlive: pa,
  expectedPurchasesIfAlive: eyAlive,
  expectedPurchasesNew: ex,
});

export const purchaseModels: Record<PurchaseModelName, PurchaseModel> = {
  bgnbd: make('bgnbd', fitBgNbd, expectedPurchases, pAlive, expectedPurchasesIfAlive, expectedPurchasesNew),
  mbgnbd: make('mbgnbd', fitMbgNbd, mbgnbdExpectedPurchases, mbgnbdPAlive, mbgnbdExpectedPurchasesIfAlive, mbgnbdExpectedPurchasesNew),
  pareto: make('pareto', fitParetoNbd, paretoExpectedPurchases, paretoPAlive, paretoExpectedPurchasesIfAlive, paretoExpectedPurchasesNew),
};
