// betfair: the hourly transaction counter. Betfair counts every bet placed (matched, cancelled
// or lapsed) and every failed transaction (an action answered with an error) per calendar
// hour (10:00:00-10:59:59) and charges accounts past 5,000 in an hour (Exchange terms,
// "Transaction Charges", read 2026-12-02). The adapter counts the same units and refuses
// locally, before sending, what would cross its configured limit, so a runaway strategy
// cannot run up the charge. The count of the current hour survives a restart (saved by the
// caller with to_text / from_text). Not thread-safe (the worker thread owns it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::betfair {

class TransactionCounter {
public:
    explicit TransactionCounter(uint32_t limit_per_hour) : limit_(limit_per_hour) {}

    /// The hour (UTC, since the epoch) of a time in seconds.
    static int64_t hour_of(int64_t unix_s) noexcept { return unix_s >= 0 ? unix_s / 3600 : (unix_s - 3599) / 3600; }

    /// Transactions counted in the hour of `unix_s`.
    uint32_t used(int64_t unix_s) const noexcept { return hour_of(unix_s) == hour_ ? used_ : 0; }
    uint32_t limit() const noexcept { return limit_; }
    /// Room for `n` more in the hour of `unix_s`?
    bool allows(uint32_t n, int64_t unix_s) const noexcept { return used(unix_s) + uint64_t{n} <= limit_; }
    /// Counts `n` transactions in the hour of `unix_s` (a new hour starts from 0).
    void add(uint32_t n, int64_t unix_s) noexcept;
    /// The refusal text when `n` more would cross the limit.
    std::string refusal(uint32_t n, int64_t unix_s) const;

    /// "<hour> <used>": the saved form.
    std::string to_text() const;
    /// Restores a saved count (ignored when unreadable: counting restarts at 0).
    bool from_text(const std::string& text) noexcept;

private:
    uint32_t limit_;
    int64_t hour_ = 0;
    uint32_t used_ = 0;
};

}  // namespace tradehost::betfair
