// tradehost-models: the model registry's commands and training, run by `tradehost models
// list|promote|rollback|add` and `tradehost train` (a separate program so the host links
// neither libxgboost nor the store).
#include "add_model.hpp"
#include "duration.hpp"
#include "registry/model_registry.hpp"
#include "registry/registry_error.hpp"
#include "train/trainer.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tradehost::models::ModelRegistry;
using tradehost::models_tool::add_model;
using tradehost::models::RegistryError;
using tradehost::models_tool::parse_duration;

const char* kUsage =
    "usage: tradehost models list --registry DIR [NAME]\n"
    "       tradehost models promote --registry DIR NAME VERSION\n"
    "       tradehost models rollback --registry DIR NAME\n"
    "       tradehost models add --registry DIR NAME FILE [--format thnn|xgboost_json|lightgbm_text]\n"
    "                       [--features a,b,...] [--schema-version 1] [--window 1]\n"
    "                       [--output-range LO,HI] [--objective O] [--class-order a,b,...]\n"
    "                       [--metrics FILE.json] [--promote]\n"
    "       tradehost train --store DB --registry DIR --name NAME [--definition SHA256]\n"
    "                       [--horizon 5m] [--folds 4] [--embargo 0s] [--max-age 0s]\n"
    "                       [--rounds 50] [--max-depth 3] [--eta 0.1] [--promote]\n"
    "                       [--objective binary|regression|multiclass] [--flat-bps 0]\n"
    "\n"
    "list: the versions of NAME (or of every model): promoted one marked '*', checksum,\n"
    "  training window, mean fold metrics, and why a model plugin refused a version.\n"
    "promote: put VERSION in service (its checksum is verified first); running model\n"
    "  plugins configured with this registry swap to it at their next poll.\n"
    "rollback: back to the version promoted before the current one.\n"
    "add: register FILE (trained elsewhere) as NAME's next version with its manifest; a .thnn\n"
    "  file's features, schema version and window come from its header; an xgboost_json or\n"
    "  lightgbm_text (.txt) file needs --features.\n"
    "train: a model of the mid `horizon` ahead, from the offline store's vectors joined as\n"
    "  of each recorded price time: binary (up/down; logloss, accuracy, AUC), regression\n"
    "  (the return; RMSE, MAE) or multiclass (down/flat/up, flat within +-flat-bps;\n"
    "  multi-logloss, accuracy); walk-forward folds, purged and embargoed; the final model\n"
    "  is trained on every row and registered with its label mapping and class order.\n"
    "Exit codes: 0 done, 1 failed (the reason on stderr), 64 usage.\n";

constexpr int kUsageExit = 64;

int usage_error(const std::string& why) {
    std::fprintf(stderr, "tradehost: %s\n\n%s", why.c_str(), kUsage);
    return kUsageExit;
}

std::string time_text(int64_t ns) {
    const std::time_t t = static_cast<std::time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void print_model(const ModelRegistry& reg, const std::string& name) {
    for (const auto& v : reg.list(name)) {
        const auto& m = v.manifest;
        std::string metrics;
        if (m.metrics.contains("mean"))
            for (const auto& [k, x] : m.metrics["mean"].items())
                if (x.is_number()) metrics += " " + k + "=" + std::to_string(x.get<double>()).substr(0, 6);
        // A file added with `models add` has no training window here.
        const std::string window = m.train_start_ns == 0 && m.train_end_ns == 0
                                       ? "-"
                                       : time_text(m.train_start_ns) + ".." + time_text(m.train_end_ns);
        std::printf("%s %s v%lld  %s  sha256 %.12s  schema %s  window %s%s\n", v.promoted ? "*" : " ", name.c_str(),
                    static_cast<long long>(m.version), m.created.c_str(), m.sha256.c_str(), m.schema_text.c_str(),
                    window.c_str(), metrics.c_str());
        if (!v.refused.empty()) std::printf("    refused: %s\n", v.refused.c_str());
    }
}

int cmd_models(std::vector<std::string> args) {
    std::string registry;
    std::vector<std::string> pos;
    std::map<std::string, std::string> opts;  // add's options
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--registry" && i + 1 < args.size()) registry = args[++i];
        else if (a == "--promote") opts[a] = "";
        else if ((a == "--format" || a == "--features" || a == "--schema-version" || a == "--window" ||
                  a == "--output-range" || a == "--objective" || a == "--class-order" || a == "--metrics") &&
                 i + 1 < args.size())
            opts[a] = args[++i];
        else if (!a.empty() && a[0] == '-') return usage_error("unknown option " + a);
        else pos.push_back(a);
    }
    if (pos.empty()) return usage_error("models: list, promote, rollback or add");
    if (pos[0] != "add" && !opts.empty()) return usage_error("models " + pos[0] + ": unknown option " + opts.begin()->first);
    if (registry.empty()) return usage_error("models: --registry DIR is required");
    ModelRegistry reg(registry);
    const std::string verb = pos[0];
    if (verb == "list") {
        if (pos.size() > 2) return usage_error("models list: at most one NAME");
        const auto names = pos.size() == 2 ? std::vector<std::string>{pos[1]} : reg.models();
        if (names.empty()) std::printf("no models in %s\n", registry.c_str());
        for (const auto& n : names) print_model(reg, n);
        return 0;
    }
    if (verb == "promote") {
        if (pos.size() != 3) return usage_error("models promote: NAME VERSION");
        const std::string v = pos[2][0] == 'v' ? pos[2].substr(1) : pos[2];
        char* end = nullptr;
        const long long version = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end || version <= 0) return usage_error("models promote: VERSION is a number (or vN)");
        reg.promote(pos[1], version);
        std::printf("%s: v%lld promoted\n", pos[1].c_str(), version);
        return 0;
    }
    if (verb == "rollback") {
        if (pos.size() != 2) return usage_error("models rollback: NAME");
        const int64_t now = reg.rollback(pos[1]);
        std::printf("%s: rolled back to v%lld\n", pos[1].c_str(), static_cast<long long>(now));
        return 0;
    }
    if (verb == "add") {
        if (pos.size() != 3) return usage_error("models add: NAME FILE");
        try {
            return add_model(reg, pos[1], pos[2], opts);
        } catch (const std::invalid_argument& e) {
            return usage_error(std::string("models add: ") + e.what());
        }
    }
    return usage_error("models: unknown command '" + verb + "'");
}

int cmd_train(const std::vector<std::string>& args) {
    tradehost::train::TrainOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--promote") {
            o.promote = true;
            continue;
        }
        if (i + 1 >= args.size()) return usage_error("train: " + a + " needs a value");
        const std::string& v = args[++i];
        auto duration = [&](int64_t& out) {
            const auto d = parse_duration(v);
            if (!d) throw std::invalid_argument(a + ": '" + v + "' is not a duration (250ms, 30s, 5m, 2h)");
            out = *d;
        };
        auto integer = [&](auto& out, long long lo) {
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end || n < lo) throw std::invalid_argument(a + ": '" + v + "' is not an integer >= " + std::to_string(lo));
            out = static_cast<std::remove_reference_t<decltype(out)>>(n);
        };
        try {
            if (a == "--store") o.store = v;
            else if (a == "--registry") o.registry = v;
            else if (a == "--name") o.name = v;
            else if (a == "--definition") o.definition = v;
            else if (a == "--objective") {
                o.objective = v;
                tradehost::train::xgboost_objective(o);  // an unknown name is a usage error
            } else if (a == "--flat-bps") {
                char* end = nullptr;
                o.flat_bps = std::strtod(v.c_str(), &end);
                if (v.empty() || *end || !(o.flat_bps >= 0)) throw std::invalid_argument("--flat-bps: a number >= 0");
            }
            else if (a == "--horizon") duration(o.horizon_ns);
            else if (a == "--embargo") duration(o.embargo_ns);
            else if (a == "--max-age") duration(o.max_age_ns);
            else if (a == "--folds") integer(o.folds, 1);
            else if (a == "--rounds") integer(o.rounds, 1);
            else if (a == "--max-depth") integer(o.max_depth, 1);
            else if (a == "--eta") {
                char* end = nullptr;
                o.eta = std::strtod(v.c_str(), &end);
                if (*end || !(o.eta > 0 && o.eta <= 1)) throw std::invalid_argument("--eta: a number in (0, 1]");
            } else return usage_error("train: unknown option " + a);
        } catch (const std::invalid_argument& e) {
            return usage_error(std::string("train: ") + e.what());
        }
    }
    if (o.store.empty() || o.registry.empty() || o.name.empty())
        return usage_error("train: --store, --registry and --name are required");
    if (o.horizon_ns <= 0) return usage_error("train: --horizon must be > 0");
    std::fputs(tradehost::train::format(tradehost::train::train_and_register(o)).c_str(), stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? kUsageExit : 0;
    }
    for (const auto& a : args)
        if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
    try {
        if (args[0] == "train") return cmd_train({args.begin() + 1, args.end()});
        return cmd_models(args);
    } catch (const RegistryError& e) {
        std::fprintf(stderr, "tradehost: %s\n", e.what());
        return 1;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "tradehost: %s\n", e.what());
        return 1;
    }
}
