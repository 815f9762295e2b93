// See settle.hpp. Scores arrive as strings ("113"); lines as exact fixed-point, so a total of
// 220.5 against 220 points is compared without rounding.
#include "settle.hpp"

#include <charconv>

namespace tradehost::odds_api {

namespace {

std::optional<th_fixed> points(const std::string& s) {
    int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > 1000000) return std::nullopt;
    return v * TH_FIXED_SCALE;
}

Result compare(th_fixed mine, th_fixed theirs) {
    return mine > theirs ? Result::Won : mine < theirs ? Result::Lost : Result::Push;
}

}  // namespace

const char* result_name(Result r) {
    switch (r) {
    case Result::Won: return "won";
    case Result::Lost: return "lost";
    case Result::Push: return "push";
    case Result::HalfWon: return "half won";
    case Result::HalfLost: return "half lost";
    }
    return "?";
}

th_fixed result_score(Result r) {
    switch (r) {
    case Result::Won: return TH_FIXED_SCALE;
    case Result::HalfWon: return TH_FIXED_SCALE * 3 / 4;
    case Result::Push: return TH_FIXED_SCALE / 2;
    case Result::HalfLost: return TH_FIXED_SCALE / 4;
    case Result::Lost: return 0;
    }
    return 0;
}

std::optional<Result> settle(const Selection& sel, const ScoreRow& s) {
    if (!s.completed || s.scores.size() != 2) return std::nullopt;
    const auto a = points(s.scores[0].second), b = points(s.scores[1].second);
    if (!a || !b) return std::nullopt;
    if (sel.has_point && (sel.point % (TH_FIXED_SCALE / 4)) != 0) return std::nullopt;
    // A line in quarters (x.25, x.75) is two half stakes on the neighbouring half and whole
    // lines: settle each and add the halves (bet365's and Pinnacle's rules for "0,0.5 ball").
    if (sel.has_point && (sel.point % (TH_FIXED_SCALE / 2)) != 0) {
        Selection lo = sel, hi = sel;
        lo.point -= TH_FIXED_SCALE / 4;
        hi.point += TH_FIXED_SCALE / 4;
        const auto r1 = settle(lo, s), r2 = settle(hi, s);
        if (!r1 || !r2) return std::nullopt;
        const th_fixed score = (result_score(*r1) + result_score(*r2)) / 2;
        for (Result r : {Result::Won, Result::HalfWon, Result::Push, Result::HalfLost, Result::Lost})
            if (result_score(r) == score) return r;
        return std::nullopt;  // not reached: each half is won, lost or pushed
    }
    const std::string& name_a = s.scores[0].first;
    const std::string& name_b = s.scores[1].first;

    if (sel.market == "h2h") {
        if (sel.outcome == "Draw") return *a == *b ? Result::Won : Result::Lost;
        if (sel.outcome != name_a && sel.outcome != name_b) return std::nullopt;
        const th_fixed mine = sel.outcome == name_a ? *a : *b, theirs = sel.outcome == name_a ? *b : *a;
        const Result r = compare(mine, theirs);
        if (r == Result::Push && sel.market_has_draw) return Result::Lost;
        return r;
    }
    if (sel.market == "spreads") {
        if (!sel.has_point || (sel.outcome != name_a && sel.outcome != name_b)) return std::nullopt;
        const th_fixed mine = sel.outcome == name_a ? *a : *b, theirs = sel.outcome == name_a ? *b : *a;
        return compare(mine + sel.point, theirs);
    }
    if (sel.market == "totals") {
        if (!sel.has_point) return std::nullopt;
        const th_fixed total = *a + *b;
        if (sel.outcome == "Over") return compare(total, sel.point);
        if (sel.outcome == "Under") return compare(sel.point, total);
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace tradehost::odds_api
