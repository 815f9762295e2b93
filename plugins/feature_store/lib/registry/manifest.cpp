// Manifest <-> JSON. Every key is written; reading requires the ones a loader relies on.
#include "manifest.hpp"

#include "registry_error.hpp"

namespace tradehost::models {

nlohmann::json Manifest::to_json() const {
    return {
        {"name", name},
        {"version", version},
        {"file", file},
        {"format", format},
        {"sha256", sha256},
        {"objective", objective},
        {"feature_schema",
         {{"features", features}, {"version", schema_version}, {"text", schema_text},
          {"definition_sha256", definition_sha256}, {"window_length", window_length}}},
        {"training_window", {{"start_ns", train_start_ns}, {"end_ns", train_end_ns}}},
        {"metrics", metrics},
        {"labels", {{"mapping", label_mapping}, {"class_order", class_order}}},
        {"output_range", {output_min, output_max}},
        {"created", created},
    };
}

Manifest Manifest::from_json(const nlohmann::json& j, const std::string& where) {
    Manifest m;
    try {
        m.name = j.at("name").get<std::string>();
        m.version = j.at("version").get<int64_t>();
        m.file = j.at("file").get<std::string>();
        m.format = j.value("format", std::string("xgboost_json"));
        m.sha256 = j.at("sha256").get<std::string>();
        m.objective = j.value("objective", std::string());
        const auto& fs = j.at("feature_schema");
        m.features = fs.at("features").get<std::vector<std::string>>();
        m.schema_version = fs.value("version", int64_t{1});
        m.schema_text = fs.at("text").get<std::string>();
        m.definition_sha256 = fs.value("definition_sha256", std::string());
        m.window_length = fs.value("window_length", int64_t{1});
        if (j.contains("training_window")) {
            m.train_start_ns = j["training_window"].value("start_ns", int64_t{0});
            m.train_end_ns = j["training_window"].value("end_ns", int64_t{0});
        }
        m.metrics = j.value("metrics", nlohmann::json::object());
        if (j.contains("labels")) {
            m.label_mapping = j["labels"].value("mapping", nlohmann::json::object());
            m.class_order = j["labels"].value("class_order", std::vector<std::string>{});
        }
        if (j.contains("output_range")) {
            m.output_min = j["output_range"].at(0).get<double>();
            m.output_max = j["output_range"].at(1).get<double>();
        }
        m.created = j.value("created", std::string());
    } catch (const nlohmann::json::exception& e) {
        throw RegistryError(where + ": " + e.what());
    }
    if (m.window_length < 1) throw RegistryError(where + ": feature_schema.window_length: must be >= 1");
    if (m.file.empty() || m.file.find('/') != std::string::npos)
        throw RegistryError(where + ": file: a plain file name inside the version folder");
    return m;
}

}  // namespace tradehost::models
