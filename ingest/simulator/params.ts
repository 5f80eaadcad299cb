// The generating ("true") parameters. Time unit is days. BG/NBD shape parameters follow CDNOW's spirit
// (heterogeneous rates, a < b so most customers stay a while) but the rate is raised so that a store of
// 100,000 customers over two years has on the order of 1,000,000 orders, as the benchmark asks.

export interface BgNbdParams { r: number; alpha: number; a: number; b: number }
export interface GammaGammaParams { p: number; q: number; gamma: number }

export interface TruthParams {
  /** λ ~ Gamma(r, rate α) purchases/day while alive; p ~ Beta(a, b) dropout after each repeat purchase. */
  bgnbd: BgNbdParams;
  /** Order value (subtotal after discounts, shop currency) ~ Gamma(p, rate ν), ν ~ Gamma(q, rate γ). */
  gammaGamma: GammaGammaParams;
  timeUnit: 'days';
  /** Relative amplitude of the yearly (peak late November) and weekly (peak Sunday) intensity cycles. */
  seasonality: { yearlyAmplitude: number; weeklyAmplitude: number };
}

export const DEFAULT_TRUTH: TruthParams = {
  bgnbd: { r: 0.9, alpha: 18, a: 0.8, b: 9 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 40 },
  timeUnit: 'days',
  seasonality: { yearlyAmplitude: 0.25, weeklyAmplitude: 0.1 },
};

/** Shares of the store's oddities (kept in one place so tests and docs can read them). */
export const RATES = {
  leadCustomers: 0.04, // customers who never order (newsletter sign-ups)
  deletedLeads: 0.25, // share of leads deleted at the source
  guestOrders: 0.015, // orders without a customer, relative to BTYD orders
  testOrders: 0.005,
  cancelled: 0.02,
  refunded: 0.06, // non-cancelled orders with a refund
  fullRefundShare: 0.35,
  lateRefundShare: 0.2, // refunds 30-200 days after the order
  edited: 0.04,
  discounted: 0.18,
  foreignCurrency: 0.12,
  giftCardPayment: 0.03,
};

export const SHOP_CURRENCY = 'USD';
export const PRESENTMENT_CURRENCIES: ReadonlyArray<{ code: string; rate: number }> = [
  { code: 'CAD', rate: 1.37 },
  { code: 'EUR', rate: 0.92 },
];
