// Parsing "kind:p1:p2" entries into indicators and column names.
#include "feature_spec.hpp"

#include "averages.hpp"
#include "flows.hpp"
#include "oscillators.hpp"
#include "ranges.hpp"

#include <tradehost/plugin.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace tradehost::features {

namespace {

struct Kind {
    const char* name;
    std::vector<double> defaults;        ///< one per parameter
    std::vector<const char*> columns;    ///< column prefixes; "" = the kind's name alone
    bool integer_params;                 ///< all parameters are window lengths
};

const std::vector<Kind>& kinds() {
    static const std::vector<Kind> k = {
        {"sma", {20}, {"sma"}, true},
        {"ema", {12}, {"ema"}, true},
        {"wma", {10}, {"wma"}, true},
        {"rsi", {14}, {"rsi"}, true},
        {"macd", {12, 26, 9}, {"macd", "macd_signal", "macd_hist"}, true},
        {"bb", {20, 2}, {"bb_mid", "bb_upper", "bb_lower", "bb_pctb"}, false},
        {"atr", {14}, {"atr"}, true},
        {"adx", {14}, {"adx", "plus_di", "minus_di"}, true},
        {"stoch", {14, 3}, {"stoch_k", "stoch_d"}, true},
        {"obv", {}, {"obv"}, true},
        {"vwap", {}, {"vwap"}, true},
        {"zscore", {20}, {"zscore"}, true},
        {"vol", {20}, {"vol"}, true},
        {"ret", {1}, {"ret"}, true},
        {"tod", {}, {"tod_sin", "tod_cos"}, true},
    };
    return k;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t b = 0;
    for (;;) {
        const size_t e = s.find(sep, b);
        out.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
        if (e == std::string::npos) return out;
        b = e + 1;
    }
}

[[noreturn]] void bad(const std::string& text, const std::string& what) {
    throw ConfigError("features: '" + text + "': " + what);
}

size_t len(const FeatureSpec& s, size_t i) { return static_cast<size_t>(s.params.at(i)); }

}  // namespace

std::string known_kinds() {
    std::string out;
    for (const auto& k : kinds()) {
        if (!out.empty()) out += ", ";
        out += k.name;
        for (size_t i = 0; i < k.defaults.size(); ++i) out += ":n";
    }
    return out;
}

FeatureSpec parse_spec(const std::string& text) {
    const std::vector<std::string> parts = split(text, ':');
    const Kind* kind = nullptr;
    for (const auto& k : kinds())
        if (parts[0] == k.name) kind = &k;
    if (!kind) bad(text, "unknown feature '" + parts[0] + "'; known: " + known_kinds());
    if (parts.size() - 1 > kind->defaults.size())
        bad(text, "takes at most " + std::to_string(kind->defaults.size()) + " parameter(s)");

    FeatureSpec s;
    s.text = text;
    s.kind = kind->name;
    s.params = kind->defaults;
    std::string suffix;
    for (size_t i = 0; i < kind->defaults.size(); ++i) {
        std::string word;
        if (i + 1 < parts.size()) {
            word = parts[i + 1];
            char* end = nullptr;
            errno = 0;
            const double v = std::strtod(word.c_str(), &end);
            if (word.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
                bad(text, "parameter " + std::to_string(i + 1) + " '" + word + "' is not a number");
            s.params[i] = v;
        } else {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", kind->defaults[i]);
            word = buf;
        }
        const bool whole = kind->integer_params || i == 0;  // bb's k is the only real parameter
        if (whole && (s.params[i] < 1 || s.params[i] > 100000 || s.params[i] != std::floor(s.params[i])))
            bad(text, "parameter " + std::to_string(i + 1) + " must be a whole number from 1 to 100000");
        if (!whole && !(s.params[i] > 0)) bad(text, "parameter " + std::to_string(i + 1) + " must be > 0");
        suffix += "_" + word;
    }
    if (s.kind == "macd" && s.params[0] >= s.params[1]) bad(text, "the fast length must be below the slow one");
    if ((s.kind == "zscore" || s.kind == "vol") && s.params[0] < 2) bad(text, "needs a window of at least 2");
    for (const char* c : kind->columns) s.columns.push_back(std::string(c) + suffix);
    return s;
}

std::unique_ptr<Indicator> make_indicator(const FeatureSpec& s) {
    const std::string& k = s.kind;
    if (k == "sma") return std::make_unique<CloseAverage<SmaCalc>>(len(s, 0));
    if (k == "ema") return std::make_unique<CloseAverage<EmaCalc>>(len(s, 0));
    if (k == "wma") return std::make_unique<CloseAverage<WmaCalc>>(len(s, 0));
    if (k == "rsi") return std::make_unique<Rsi>(len(s, 0));
    if (k == "macd") return std::make_unique<Macd>(len(s, 0), len(s, 1), len(s, 2));
    if (k == "bb") return std::make_unique<Bollinger>(len(s, 0), s.params[1]);
    if (k == "atr") return std::make_unique<Atr>(len(s, 0));
    if (k == "adx") return std::make_unique<Adx>(len(s, 0));
    if (k == "stoch") return std::make_unique<Stochastic>(len(s, 0), len(s, 1));
    if (k == "obv") return std::make_unique<Obv>();
    if (k == "vwap") return std::make_unique<Vwap>();
    if (k == "zscore") return std::make_unique<ZScore>(len(s, 0));
    if (k == "vol") return std::make_unique<LogReturnVolatility>(len(s, 0));
    if (k == "ret") return std::make_unique<Return>(len(s, 0));
    if (k == "tod") return std::make_unique<TimeOfDay>();
    throw InvalidArgument("features: no indicator for kind '" + k + "'");
}

}  // namespace tradehost::features
