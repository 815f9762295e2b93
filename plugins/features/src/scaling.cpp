// Loading and checking a scaling file.
#include "scaling.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace tradehost::features {

Scaling Scaling::load(const std::string& path, const std::vector<std::string>& columns) {
    auto fail = [&](const std::string& what) -> ConfigError { return ConfigError("scaling: " + path + ": " + what); };
    std::ifstream in(path);
    if (!in) throw fail("cannot open the file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw fail(std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("method") || !j["method"].is_string() || !j.contains("columns") ||
        !j["columns"].is_array())
        throw fail("expected an object with \"method\" and \"columns\" (see plugins/features/README.md)");
    Scaling s;
    s.method_ = j["method"].get<std::string>();
    if (s.method_ != "standard" && s.method_ != "minmax" && s.method_ != "robust")
        throw fail("method '" + s.method_ + "' is not standard, minmax or robust");
    const auto& cols = j["columns"];
    if (cols.size() != columns.size())
        throw fail("fitted on " + std::to_string(cols.size()) + " columns, the schema has " +
                   std::to_string(columns.size()));
    for (size_t i = 0; i < cols.size(); ++i) {
        const auto& c = cols[i];
        if (!c.is_object() || !c.contains("name") || !c["name"].is_string() || !c.contains("center") ||
            !c["center"].is_number() || !c.contains("scale") || !c["scale"].is_number())
            throw fail("columns[" + std::to_string(i) + "]: expected {\"name\", \"center\", \"scale\"}");
        const std::string name = c["name"].get<std::string>();
        if (name != columns[i])
            throw fail("columns[" + std::to_string(i) + "] is '" + name + "', the schema's column " +
                       std::to_string(i) + " is '" + columns[i] + "'");
        const double center = c["center"].get<double>();
        const double scale = c["scale"].get<double>();
        if (!std::isfinite(center) || !std::isfinite(scale) || scale <= 0)
            throw fail("column '" + name + "': center must be finite and scale finite and > 0");
        s.center_.push_back(center);
        s.scale_.push_back(scale);
    }
    return s;
}

}  // namespace tradehost::features
