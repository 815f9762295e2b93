// The canonical text of a definition and its hashes.
#include "definition.hpp"

#include "registry/sha256.hpp"

#include <tradehost/plugin.h>

namespace tradehost::store {

namespace {

std::string join(const std::vector<std::string>& v, char sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

}  // namespace

std::string Definition::canonical() const {
    return "schema=" + schema + "\nversion=" + std::to_string(version) + "\nspecs=" + join(specs, '|') +
           "\ncolumns=" + join(columns, ',') + "\n";
}

std::string Definition::sha256() const { return models::sha256_hex(canonical()); }

std::string Definition::schema_text() const { return join(columns, ',') + ";v" + std::to_string(version); }

uint64_t Definition::event_hash() const { return th_features_schema_hash(schema_text().c_str()); }

}  // namespace tradehost::store
