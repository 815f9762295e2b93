// The model registry: a folder of versioned model files, a manifest each, and a promotion
// pointer per model that running model plugins poll.
//
//   ROOT/NAME/v1/manifest.json  ROOT/NAME/v1/model.json
//   ROOT/NAME/v2/...            ROOT/NAME/v2/refused     (why a model plugin rolled it back)
//   ROOT/NAME/promoted          one version per line, the last is in service; promote
//                               appends, rollback drops the last line (written by rename,
//                               so a reader never sees half a file)
#pragma once

#include "manifest.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tradehost::models {

struct VersionInfo {
    Manifest manifest;
    bool promoted = false;   ///< the version in service
    std::string refused;     ///< the reason a model plugin refused it, if one did
};

class ModelRegistry {
public:
    explicit ModelRegistry(std::string root);

    const std::string& root() const { return root_; }
    /// Copies `model_file` in as the next version of `m.name`, fills file, version, sha256
    /// and created, writes the manifest; returns the version. Not promoted.
    int64_t add(Manifest m, const std::string& model_file);
    /// Every version of `name`, oldest first; throws RegistryError if there is none.
    std::vector<VersionInfo> list(const std::string& name) const;
    /// Names of the models in the registry.
    std::vector<std::string> models() const;
    /// Puts `version` in service; throws if it does not exist or fails verification.
    void promote(const std::string& name, int64_t version);
    /// Takes the version in service out (back to the one promoted before it); returns the
    /// version now in service. Throws if there is nothing to go back to.
    int64_t rollback(const std::string& name);
    /// A model plugin's automatic rollback: only if `bad` is still in service (an operator
    /// may have moved on), records `reason` beside it. Returns the version now in service.
    std::optional<int64_t> refuse(const std::string& name, int64_t bad, const std::string& reason);
    /// The version in service, if any.
    std::optional<int64_t> promoted(const std::string& name) const;
    /// The manifest of a version; throws RegistryError naming the file.
    Manifest manifest(const std::string& name, int64_t version) const;
    /// The model file's path after checking its SHA-256 against the manifest; throws
    /// RegistryError "checksum mismatch" naming both sums otherwise.
    std::string verified_path(const Manifest& m) const;
    std::string version_dir(const std::string& name, int64_t version) const;

private:
    std::vector<int64_t> read_promoted(const std::string& name) const;
    void write_promoted(const std::string& name, const std::vector<int64_t>& stack) const;

    std::string root_;
};

}  // namespace tradehost::models
