// cvar_sizer: the drawdown guard. Equity = capital + PnL of the fills seen (realized net of fees
// + unrealized at the last prices); the guard's multiplier falls as equity falls from its peak.
#ifndef TRADEHOST_PLUGINS_CVAR_SIZER_GUARD_HPP
#define TRADEHOST_PLUGINS_CVAR_SIZER_GUARD_HPP

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <tradehost/plugin.h>

namespace tradehost::cvar_sizer {

/// The curve: drawdown d as a fraction of the peak equity.
///   d <= soft          -> 1          (no cut)
///   soft < d < hard    -> floor + (1 - floor) * ((hard - d) / (hard - soft))^power
///   d >= hard          -> 0          (no new risk)
/// power 1 is a straight line from 1 at `soft` down to `floor` just before `hard`; power 2 cuts
/// little at first and hard near `hard`.
struct GuardCurve {
    double soft = 0.05;
    double hard = 0.20;
    double floor = 0.0;
    double power = 1.0;
    bool on = true;

    double multiplier(double drawdown) const noexcept;
};

/// Net positions and PnL from fills; marks from prices.
class Equity {
public:
    explicit Equity(double capital) : capital_(capital) {}

    void on_fill(th_instrument id, bool buy, double qty, double px, double fee);
    void on_price(th_instrument id, double px);

    double equity() const noexcept;
    double peak() const noexcept { return peak_; }
    /// (peak - equity) / peak, 0 when at the peak or without a positive peak.
    double drawdown() const noexcept;
    /// Raise the peak to the equity now if higher (call after each change).
    void update_peak() noexcept;

    /// The journaled part: capital carried (equity now) and the peak. A new session starts flat,
    /// its PnL from 0, so the carried equity becomes its capital.
    std::string encode() const;
    void decode(std::string_view blob);

    double position(th_instrument id) const;

    /// Hot reload: everything, positions included (instruments as symbols).
    std::string snapshot(const std::function<std::string(th_instrument)>& symbol_of) const;
    void restore(std::string_view blob, const std::function<th_instrument(const std::string&)>& intern);

private:
    struct Pos {
        double qty = 0, avg = 0, mark = 0;
    };
    double capital_;
    double realized_ = 0;
    double peak_ = 0;
    bool peaked_ = false;
    std::map<th_instrument, Pos> pos_;
};

}  // namespace tradehost::cvar_sizer

#endif
