// Reading the config, loading the model and checking the two agree.
#include "settings.hpp"

#include "lightgbm_text.hpp"
#include "xgboost_json.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace tradehost::tree_model {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

double number(const std::string& key, const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        throw ConfigError(key + ": '" + text + "' is not a number");
    return v;
}

}  // namespace

Settings read_settings(const Config& cfg, std::optional<int64_t> version) {
    Settings s;
    if (cfg.has("registry")) read_registry(cfg, s, version);
    else if (cfg.has("model")) s.model_path = cfg.get_string("model");
    else throw ConfigError("model: required (or registry: with model_name:)");
    std::string format = cfg.get_string("format");
    // A registry version says what it is; a config that names another format is a mistake.
    if (!s.manifest_format.empty()) {
        if (format != "auto" && format != s.manifest_format)
            throw ConfigError("format: '" + format + "', but " + s.model_name + " v" + std::to_string(s.model_version) +
                              " is " + s.manifest_format);
        format = s.manifest_format;
    }
    // auto: by the extension, .json for XGBoost, .txt for LightGBM (what both libraries name them).
    if (format == "xgboost_json" || (format == "auto" && ends_with(s.model_path, ".json")))
        s.forest = load_xgboost_json(s.model_path);
    else if (format == "lightgbm_text" || (format == "auto" && ends_with(s.model_path, ".txt")))
        s.forest = load_lightgbm_text(s.model_path);
    else if (format == "auto")
        throw ConfigError("model: " + s.model_path +
                          ": cannot tell the format from the name; set format: xgboost_json or lightgbm_text");
    else
        throw ConfigError("format: '" + format + "' is not supported (auto, xgboost_json or lightgbm_text)");
    const Forest& f = s.forest;

    // The input schema: the config's list, checked against the model's own names.
    if (cfg.has("features")) s.features = cfg.get_list("features");
    if (s.features.empty()) {
        if (f.feature_names.empty())
            throw ConfigError("features: the model has no feature names; list the input columns in order");
        s.features = f.feature_names;
    }
    if (s.features.size() != f.num_feature)
        throw ConfigError("features: " + std::to_string(s.features.size()) + " columns, the model takes " +
                          std::to_string(f.num_feature));
    for (size_t i = 0; i < f.feature_names.size(); ++i)
        if (s.features[i] != f.feature_names[i])
            throw ConfigError("features[" + std::to_string(i) + "] is '" + s.features[i] +
                              "', the model was trained on '" + f.feature_names[i] + "' in that place");
    s.schema_version = cfg.get_int("schema_version");
    s.schema_text = join(s.features) + ";v" + std::to_string(s.schema_version);
    s.schema_hash = th_features_schema_hash(s.schema_text.c_str());
    check_registry_schema(s);

    const std::string output = cfg.get_string("output");
    if (output != "signals" && output != "predictions" && output != "both")
        throw ConfigError("output: expected 'signals', 'predictions' or 'both', got '" + output + "'");
    s.signals = output != "predictions";
    s.predictions = output != "signals";
    s.signal_name = cfg.get_string("signal_name");
    if (s.signal_name.empty() || s.signal_name.size() >= sizeof(th_signal{}.name))
        throw ConfigError("signal_name: 1 to " + std::to_string(sizeof(th_signal{}.name) - 1) + " characters");

    const bool probability = f.transform == Transform::Sigmoid;
    s.center = cfg.has("center") ? cfg.get_float("center") : (probability ? 0.5 : 0.0);
    s.scale = cfg.has("scale") ? cfg.get_float("scale") : (probability ? 0.5 : 1.0);
    if (!(s.scale > 0) || !std::isfinite(s.scale)) throw ConfigError("scale: must be > 0");
    if (cfg.has("class_values"))
        for (const auto& t : cfg.get_list("class_values")) s.class_values.push_back(number("class_values", t));
    if (f.num_group > 1 && s.signals && s.class_values.size() != f.num_group)
        throw ConfigError("class_values: a " + std::to_string(f.num_group) +
                          "-class model needs one value per class (e.g. [-1, 0, 1]) to make a signal; got " +
                          std::to_string(s.class_values.size()));

    if (f.outputs() == 1) s.prediction_columns = {"prediction"};
    else if (s.class_order.size() == f.outputs()) s.prediction_columns = s.class_order;
    else
        for (size_t k = 0; k < f.outputs(); ++k) s.prediction_columns.push_back("p" + std::to_string(k));
    const std::string pred_text = join(s.prediction_columns) + ";v1";
    s.prediction_hash = th_features_schema_hash(pred_text.c_str());
    return s;
}

}  // namespace tradehost::tree_model
