// The opportunity_builder's logic without the host: a cycle's picks become signed target
// quantities, sized by expected alpha net of expected costs, within the portfolio limits.
#pragma once

#include "constraints.hpp"
#include "costs.hpp"
#include "kyle.hpp"

#include <tradehost/plugin.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tradehost::opportunity_builder {

struct BuilderSettings {
    CostSettings costs;
    Limits limits;
    double alpha_bps = 20;      ///< expected return over the horizon of a view of strength 1
    bool hold_unpicked = false; ///< false: a name not picked this cycle is taken to 0
    double lot = 1;             ///< when the instrument registers no lot size
    size_t kyle_window = 100;   ///< fills per instrument in Kyle's regression
    size_t kyle_min_fills = 20; ///< pairs needed before the fitted lambda is used
};

/** One view of this cycle: merged per instrument by the caller (the last wins). */
struct Opportunity {
    th_instrument id = 0;
    double score = 0;           ///< sign(value) x strength, in [-1, 1]
    th_time_ns horizon = 0;
};

struct Target {
    th_instrument id = 0;
    double qty = 0;             ///< signed, whole lots
    double alpha_bps = 0;       ///< the view's expected return (0 for an exit)
    double cost_bps = 0;        ///< expected cost of the trade to get there, bps of its notional
    th_time_ns horizon = 0;
    double score = 0;
};

class Builder {
public:
    explicit Builder(BuilderSettings s) : s_(s) {}

    void on_touch(th_instrument id, double bid, double ask);
    void set_sector(th_instrument id, int32_t sector) { inst_[id].sector = sector; }
    void set_lot(th_instrument id, double lot) { inst_[id].lot = lot; }
    /** A fill of the instrument (signed quantity), for Kyle's lambda. */
    void on_fill(th_instrument id, double px, double signed_qty);
    /** The instrument's fitted lambda, false while not fitted (the square-root law applies). */
    bool lambda(th_instrument id, double* out) const;

    /** The cycle: targets for every instrument whose quantity changes. `bound` gets
     *  apply_limits' mask; `unpriced` counts picks without a touch yet (skipped). */
    std::vector<Target> build(const std::vector<Opportunity>& picks, unsigned* bound = nullptr, int* unpriced = nullptr);

    double position(th_instrument id) const;
    /** Non-zero positions (last targets), for saving; set_position puts one back. */
    std::vector<std::pair<th_instrument, double>> positions() const;
    void set_position(th_instrument id, double qty) { inst_[id].qty = qty; }

private:
    struct Inst {
        Touch touch;
        double qty = 0;   // the last target, in units
        double lot = 0;   // 0: the settings' lot
        int32_t sector = -1;
        std::optional<KyleLambda> kyle;  // made on its first fill
    };
    CostModel cost_model(const Inst& in) const;
    BuilderSettings s_;
    std::unordered_map<th_instrument, Inst> inst_;
    std::vector<Position> pos_;        // scratch
    std::vector<th_instrument> ids_;   // scratch, parallel to pos_
    std::vector<Target> meta_;         // scratch, parallel to pos_
};

}  // namespace tradehost::opportunity_builder
