// `tradehost models add`; see add_model.hpp.
#include "add_model.hpp"

#include "registry/registry_error.hpp"
#include "registry/thnn_header.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace tradehost::models_tool {

using models::Manifest;
using models::ModelRegistry;
using models::RegistryError;
using models::describe_thnn;

namespace {

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t comma; (comma = s.find(',', start)) != std::string::npos; start = comma + 1) out.push_back(s.substr(start, comma - start));
    out.push_back(s.substr(start));
    return out;
}

}  // namespace

int add_model(ModelRegistry& reg, const std::string& name, const std::string& file,
              const std::map<std::string, std::string>& o) {
    Manifest m;
    m.name = name;
    const auto opt = [&](const char* k) { return o.count(k) ? o.at(k) : std::string(); };
    const std::string ext = file.size() > 5 ? file.substr(file.size() - 5) : "";
    const bool txt = file.size() > 4 && file.compare(file.size() - 4, 4, ".txt") == 0;
    m.format = o.count("--format") ? opt("--format") : ext == ".thnn" ? "thnn" : txt ? "lightgbm_text" : "xgboost_json";
    if (m.format != "thnn" && m.format != "xgboost_json" && m.format != "lightgbm_text")
        throw std::invalid_argument("--format: thnn, xgboost_json or lightgbm_text, not '" + m.format + "'");
    if (m.format == "thnn") describe_thnn(m, file);
    const auto integer = [&](const char* k, int64_t lo) {
        char* end = nullptr;
        const std::string v = opt(k);
        const long long n = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end || n < lo) throw std::invalid_argument(std::string(k) + ": an integer >= " + std::to_string(lo));
        return static_cast<int64_t>(n);
    };
    // Given options must agree with a header that already says: they are checks, not overrides.
    if (o.count("--features")) {
        const auto f = split(opt("--features"));
        if (m.format == "thnn" && f != m.features) throw std::invalid_argument("--features: not the file's features");
        m.features = f;
    }
    if (m.features.empty()) throw std::invalid_argument("--features: required for " + m.format);
    if (o.count("--schema-version")) {
        const int64_t v = integer("--schema-version", 1);
        if (m.format == "thnn" && v != m.schema_version) throw std::invalid_argument("--schema-version: not the file's");
        m.schema_version = v;
    }
    if (o.count("--window")) {
        const int64_t v = integer("--window", 1);
        if (m.format == "thnn" && v != m.window_length) throw std::invalid_argument("--window: not the file's sequence_length");
        m.window_length = v;
    }
    m.schema_text.clear();
    for (const auto& f : m.features) m.schema_text += (m.schema_text.empty() ? "" : ",") + f;
    m.schema_text += ";v" + std::to_string(m.schema_version);
    if (o.count("--output-range")) {
        const auto r = split(opt("--output-range"));
        char* e1 = nullptr;
        char* e2 = nullptr;
        if (r.size() != 2) throw std::invalid_argument("--output-range: LO,HI");
        m.output_min = std::strtod(r[0].c_str(), &e1);
        m.output_max = std::strtod(r[1].c_str(), &e2);
        if (*e1 || *e2 || r[0].empty() || r[1].empty() || !(m.output_min <= m.output_max))
            throw std::invalid_argument("--output-range: two numbers LO,HI with LO <= HI");
    }
    m.objective = opt("--objective");
    if (o.count("--class-order")) m.class_order = split(opt("--class-order"));
    for (size_t k = 0; k < m.class_order.size(); ++k) m.label_mapping[m.class_order[k]] = k;
    if (o.count("--metrics")) {
        std::ifstream in(opt("--metrics"));
        if (!in) throw RegistryError(opt("--metrics") + ": cannot open");
        try {
            m.metrics = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw RegistryError(opt("--metrics") + ": " + e.what());
        }
    }
    const int64_t v = reg.add(m, file);
    std::printf("%s: v%lld added (%s, schema %s, window %lld)\n", name.c_str(), static_cast<long long>(v),
                m.format.c_str(), m.schema_text.c_str(), static_cast<long long>(m.window_length));
    if (o.count("--promote")) {
        reg.promote(name, v);
        std::printf("%s: v%lld promoted\n", name.c_str(), static_cast<long long>(v));
    }
    return 0;
}

}  // namespace tradehost::models_tool
