// Client-side rate limiter: named fixed windows (Binance REQUEST_WEIGHT / ORDERS, Alpaca) and
// leaky buckets (Kraken's decaying call counter), a global back-off for the venue's 429/418
// answers, and a Retry-After parser. One mutex guards the state; waiting happens outside it,
// through the injected Time, so tests drive it with a fake clock.
#include <tradehost/venue/rate_limiter.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace tradehost::venue {
namespace {

using Clock = RateLimiter::Clock;
using std::chrono::nanoseconds;

struct Bucket {
    bool leaky = false;
    // Fixed window: `used` of `limit` since `window_start`; windows follow each other from
    // the first use, so a venue's per-minute counter and ours stay a whole window apart.
    uint32_t limit = 0;
    nanoseconds window{0};
    bool started = false;
    Clock::time_point window_start{};
    uint64_t used = 0;
    // Leaky bucket: `level` of `capacity`, draining `per_second` since `last`.
    double capacity = 0;
    double per_second = 0;
    double level = 0;
    Clock::time_point last{};

    void advance(Clock::time_point now) {
        if (leaky) {
            if (now > last) {
                const double elapsed = std::chrono::duration<double>(now - last).count();
                level = std::max(0.0, level - elapsed * per_second);
                last = now;
            }
            return;
        }
        if (!started) {
            started = true;
            window_start = now;
            used = 0;
        } else if (now - window_start >= window) {
            window_start += window * ((now - window_start) / window);
            used = 0;
        }
    }

    void check_weight(uint64_t weight) const {
        // A cost larger than the whole bucket could never be granted: say so instead of
        // blocking forever.
        if (leaky ? static_cast<double>(weight) > capacity : weight > limit)
            throw std::invalid_argument("rate limiter: weight exceeds the bucket's limit");
    }

    bool has_room(uint64_t weight) const {
        return leaky ? level + static_cast<double>(weight) <= capacity : used + weight <= limit;
    }

    // When `weight` will fit, assuming nobody else takes any (advance() was called at `now`).
    Clock::time_point ready_at(uint64_t weight, Clock::time_point now) const {
        if (has_room(weight)) return now;
        if (!leaky) return window_start + window;
        const double seconds = (level + static_cast<double>(weight) - capacity) / per_second;
        return now + nanoseconds(static_cast<int64_t>(std::ceil(seconds * 1e9)));
    }

    void take(uint64_t weight) {
        if (leaky)
            level += static_cast<double>(weight);
        else
            used += weight;
    }
};

// now + d without overflowing the clock's range (a Retry-After of centuries is still "later").
Clock::time_point saturating_add(Clock::time_point t, nanoseconds d) {
    if (d > Clock::time_point::max() - t) return Clock::time_point::max();
    return t + d;
}

}  // namespace

struct RateLimiter::Impl {
    Time time;
    std::mutex mutex;
    std::map<std::string, Bucket, std::less<>> buckets;
    Clock::time_point backoff_until{};

    Bucket& find(std::string_view name) {
        auto it = buckets.find(name);
        if (it == buckets.end()) throw std::invalid_argument("rate limiter: unknown bucket '" + std::string(name) + "'");
        return it->second;
    }

    // The same bucket named twice in one request costs the sum.
    std::vector<std::pair<Bucket*, uint64_t>> resolve(
        const std::vector<std::pair<std::string_view, uint32_t>>& costs) {
        std::vector<std::pair<Bucket*, uint64_t>> out;
        out.reserve(costs.size());
        for (const auto& [name, weight] : costs) {
            Bucket* b = &find(name);
            auto same = std::find_if(out.begin(), out.end(), [b](const auto& e) { return e.first == b; });
            if (same != out.end())
                same->second += weight;
            else
                out.emplace_back(b, weight);
        }
        for (const auto& [b, weight] : out) b->check_weight(weight);
        return out;
    }
};

RateLimiter::RateLimiter()
    : RateLimiter(Time{[] { return Clock::now(); }, [](Clock::time_point t) { std::this_thread::sleep_until(t); }}) {}

RateLimiter::RateLimiter(Time time) : impl_(std::make_unique<Impl>()) {
    if (!time.now || !time.sleep_until) throw std::invalid_argument("rate limiter: Time needs now and sleep_until");
    impl_->time = std::move(time);
}

RateLimiter::~RateLimiter() = default;

void RateLimiter::add_window(std::string name, uint32_t limit, std::chrono::nanoseconds window) {
    if (limit == 0 || window <= nanoseconds::zero())
        throw std::invalid_argument("rate limiter: a window needs a positive limit and length");
    std::lock_guard lock(impl_->mutex);
    // Replacing limits (say, after re-reading exchangeInfo) keeps what the current window
    // has already used.
    Bucket& b = impl_->buckets[std::move(name)];
    if (b.leaky) b = Bucket{};
    b.limit = limit;
    b.window = window;
}

void RateLimiter::add_leaky(std::string name, double limit, double per_second) {
    if (!(limit > 0) || !(per_second > 0))
        throw std::invalid_argument("rate limiter: a leaky bucket needs a positive limit and drain rate");
    std::lock_guard lock(impl_->mutex);
    const Clock::time_point now = impl_->time.now();
    auto [it, inserted] = impl_->buckets.try_emplace(std::move(name));
    Bucket& b = it->second;
    if (inserted || !b.leaky) {
        b = Bucket{};
        b.leaky = true;
        b.last = now;
    } else {
        b.advance(now);  // drain at the old rate up to now, keep the level
    }
    b.capacity = limit;
    b.per_second = per_second;
}

std::chrono::nanoseconds RateLimiter::acquire(const std::vector<std::pair<std::string_view, uint32_t>>& costs) {
    const Clock::time_point start = impl_->time.now();
    for (;;) {
        Clock::time_point wake;
        {
            std::lock_guard lock(impl_->mutex);
            // Resolved under the lock each round: add_window may replace limits meanwhile.
            auto resolved = impl_->resolve(costs);
            const Clock::time_point now = impl_->time.now();
            wake = std::max(now, impl_->backoff_until);
            for (auto& [bucket, weight] : resolved) {
                bucket->advance(now);
                wake = std::max(wake, bucket->ready_at(weight, now));
            }
            if (wake <= now) {
                for (auto& [bucket, weight] : resolved) bucket->take(weight);
                return now - start;
            }
        }
        // Sleep without the lock; another thread may take the room first, so check again.
        impl_->time.sleep_until(wake);
    }
}

std::chrono::nanoseconds RateLimiter::acquire(std::string_view bucket, uint32_t weight) {
    return acquire(std::vector<std::pair<std::string_view, uint32_t>>{{bucket, weight}});
}

bool RateLimiter::try_acquire(std::string_view bucket, uint32_t weight) {
    std::lock_guard lock(impl_->mutex);
    Bucket& b = impl_->find(bucket);
    b.check_weight(weight);
    const Clock::time_point now = impl_->time.now();
    if (now < impl_->backoff_until) return false;
    b.advance(now);
    if (!b.has_room(weight)) return false;
    b.take(weight);
    return true;
}

void RateLimiter::observe_used(std::string_view bucket, uint32_t used) {
    std::lock_guard lock(impl_->mutex);
    Bucket& b = impl_->find(bucket);
    b.advance(impl_->time.now());
    if (b.leaky)
        b.level = used;
    else
        b.used = used;
}

void RateLimiter::back_off(std::chrono::nanoseconds delay) {
    std::lock_guard lock(impl_->mutex);
    const Clock::time_point until = saturating_add(impl_->time.now(), std::max(delay, nanoseconds::zero()));
    impl_->backoff_until = std::max(impl_->backoff_until, until);
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Wed, 21 Oct 2015 07:28:00 GMT", to seconds since the
// epoch; false if it is not one.
bool parse_imf_fixdate(std::string_view s, int64_t& epoch_s) {
    static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s.substr(25) != " GMT")
        return false;
    if (std::find(std::begin(kDays), std::end(kDays), s.substr(0, 3)) == std::end(kDays)) return false;
    const auto month_it = std::find(std::begin(kMonths), std::end(kMonths), s.substr(8, 3));
    if (month_it == std::end(kMonths)) return false;
    const int month = static_cast<int>(month_it - std::begin(kMonths)) + 1;
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, 5, 2, day) || !digits(s, 12, 4, year) || !digits(s, 17, 2, hour) || !digits(s, 20, 2, minute) ||
        !digits(s, 23, 2, second))
        return false;
    static constexpr int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int month_days = month == 2 && !leap ? 28 : kMonthDays[month - 1];
    if (day < 1 || day > month_days || hour > 23 || minute > 59 || second > 60) return false;
    // days_from_civil (H. Hinnant), for the proleptic Gregorian calendar.
    const int64_t y = year - (month <= 2);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = era * 146097 + doe - 719468;
    epoch_s = days * 86400 + hour * 3600 + minute * 60 + second;
    return true;
}

}  // namespace

std::chrono::nanoseconds RateLimiter::parse_retry_after(std::string_view value,
                                                        std::chrono::system_clock::time_point now) {
    auto space = [](char c) { return c == ' ' || c == '\t'; };
    while (!value.empty() && space(value.front())) value.remove_prefix(1);
    while (!value.empty() && space(value.back())) value.remove_suffix(1);
    if (value.empty()) return nanoseconds::zero();

    constexpr int64_t kMaxSeconds = nanoseconds::max().count() / 1'000'000'000;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // delta-seconds (RFC 9110 §10.2.3); absurdly large values saturate instead of wrapping.
        int64_t seconds = 0;
        for (char c : value) {
            seconds = seconds * 10 + (c - '0');
            if (seconds > kMaxSeconds) return nanoseconds::max();
        }
        return std::chrono::seconds(seconds);
    }
    int64_t epoch_s = 0;
    if (!parse_imf_fixdate(value, epoch_s)) return nanoseconds::zero();
    const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(epoch_s));
    if (at <= now) return nanoseconds::zero();
    return std::chrono::duration_cast<nanoseconds>(at - now);
}

}  // namespace tradehost::venue
