// A registered model version's manifest (manifest.json beside the model file): what the file
// is, its checksum, the features it was trained on, the training window, its metrics and how
// its outputs map back to labels. docs/operator-guide.md, "Model registry", shows one.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::models {

struct Manifest {
    std::string name;
    int64_t version = 0;
    std::string file;        ///< model file name inside the version folder
    std::string format = "xgboost_json";
    std::string sha256;      ///< of the model file; verified before every load
    std::string objective;   ///< e.g. binary:logistic
    std::vector<std::string> features;  ///< input columns in order
    int64_t schema_version = 1;
    std::string schema_text;            ///< "col1,...;v<version>" (the features event schema)
    std::string definition_sha256;      ///< the feature store's definition hash, if trained from it
    int64_t window_length = 1;          ///< rows per input (a sequence network's T; 1 for one row)
    int64_t train_start_ns = 0;         ///< training window: first and last label times
    int64_t train_end_ns = 0;
    nlohmann::json metrics = nlohmann::json::object();  ///< fold metrics and their means
    /// Label remapping: raw label (as text) -> class index the model outputs, and the
    /// classes in output order. Binary: class 1 is what the probability is of.
    nlohmann::json label_mapping = nlohmann::json::object();
    std::vector<std::string> class_order;
    double output_min = -1e30;  ///< a canary output outside [min, max] fails validation
    double output_max = 1e30;
    std::string created;        ///< UTC, ISO 8601

    nlohmann::json to_json() const;
    /// Throws RegistryError naming `where` and the missing or mistyped key.
    static Manifest from_json(const nlohmann::json& j, const std::string& where);
};

}  // namespace tradehost::models
