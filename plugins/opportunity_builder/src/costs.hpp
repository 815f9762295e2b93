// Expected trading costs and the cost-aware size of one opportunity.
#pragma once

namespace tradehost::opportunity_builder {

struct CostSettings {
    double fee_bps = 1;           ///< venue fee, bps of notional
    double impact_coef = 1;       ///< Y in the square-root law: impact = Y sigma sqrt(Q / V)
    double daily_vol = 0.02;      ///< sigma: daily volatility of returns
    double daily_volume = 1e6;    ///< V: shares traded a day
    bool kyle = false;            ///< impact from Kyle's lambda fitted on fills, where fitted
};

/** The touch of one instrument. */
struct Touch {
    double mid = 0;
    double half_spread = 0;  ///< (ask - bid) / 2, in price
};

/** Cost of trading notional x (>= 0), as a fraction-of-notional linear part c0 (fee +
 *  half-spread / mid) plus the square-root impact (Almgren et al. 2005; Toth et al. 2011):
 *  cost(x) = c0 x + k x^1.5 with k = Y sigma / sqrt(mid V), since Q = x / mid. */
struct CostModel {
    double c0 = 0, k = 0;
    double q = 0;  ///< Kyle: cost(x) = c0 x + q x^2, q = lambda / mid^2 (x / mid shares moved by lambda each)
    /** lambda: Kyle's lambda of the instrument (price per unit of signed volume) when
     *  settings ask for it and the fills fitted one; else the square-root law. */
    static CostModel of(const CostSettings& s, const Touch& t, const double* lambda = nullptr);
    double cost(double x) const;
    /** The notional that maximises alpha x - cost(x): 0 when alpha <= c0, else
     *  ((alpha - c0) / (1.5 k))^2, or (alpha - c0) / (2 q) under Kyle's model (unbounded,
     *  so +inf, without impact). */
    double best_notional(double alpha) const;
};

}  // namespace tradehost::opportunity_builder
