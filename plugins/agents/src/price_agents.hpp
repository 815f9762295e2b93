// Momentum and mean reversion on one instrument's prices (quote mids or trade prints).
// Each keeps a short window of log prices; a view is a z-score turned into a confidence.
#pragma once

#include <tradehost/agent.hpp>

#include <deque>
#include <optional>

namespace tradehost::agents {

/** Momentum: the log return over `lookback` updates against what the recent one-update
 *  volatility makes of that many updates: z = r_n / (sigma sqrt(n)). value = z, strength =
 *  erf(|z| / sqrt 2), the two-sided normal confidence that the drift is not noise. */
class Momentum {
public:
    Momentum(int lookback, int vol_window) : lookback_(lookback), vol_window_(vol_window) {}
    std::optional<agent::View> update(double price);

private:
    int lookback_, vol_window_;
    std::deque<double> logs_;  // the last max(lookback, vol_window) + 1 log prices
};

/** Mean reversion: z = (p - mean) / sample std over the last `window` prices; value = -z
 *  (expect the price back toward its mean), strength = erf(|z| / sqrt 2). No view while
 *  |z| < entry_z or the window is flat. */
class MeanReversion {
public:
    MeanReversion(int window, double entry_z) : window_(window), entry_z_(entry_z) {}
    std::optional<agent::View> update(double price);

private:
    int window_;
    double entry_z_;
    std::deque<double> prices_;
};

/** erf(|z| / sqrt 2): P(|N(0,1)| < |z|). */
double normal_confidence(double z);

}  // namespace tradehost::agents
