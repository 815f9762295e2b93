// Client order ids: "<instance>-<session>-<n>", unique across restarts because the host's
// session number grows with every restart of the same journal.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tradehost::sma_cross {

class OrderIds {
public:
    /// Throws ConfigError if ids of this instance could not fit in TH_ID_LEN.
    OrderIds(std::string instance, uint64_t session);

    /// Write id number `n` into `out` (NUL terminated).
    void format(uint64_t n, char (&out)[TH_ID_LEN]) const;

    /// True if `id` has this instance's form "<instance>-<digits>-<digits>", of any session.
    bool is_own(std::string_view id) const;

private:
    std::string instance_;
    std::string prefix_;  ///< "<instance>-<session>-"
};

}  // namespace tradehost::sma_cross
