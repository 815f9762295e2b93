// See thnn_header.hpp. Layout: magic "THNNWTS1", the header's length (u64 little-endian),
// the JSON header.
#include "thnn_header.hpp"

#include "registry_error.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>

namespace tradehost::models {

void describe_thnn(Manifest& m, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RegistryError(path + ": cannot open");
    char magic[8];
    unsigned char len_bytes[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "THNNWTS1", 8) != 0)
        throw RegistryError(path + ": not a weights file (no THNNWTS1 magic)");
    if (!in.read(reinterpret_cast<char*>(len_bytes), 8)) throw RegistryError(path + ": cut short in the header length");
    uint64_t len = 0;
    for (int i = 7; i >= 0; --i) len = len << 8 | len_bytes[i];
    if (len == 0 || len > (64u << 20)) throw RegistryError(path + ": header length " + std::to_string(len) + " out of range");
    std::string text(len, '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(len))) throw RegistryError(path + ": cut short in the header");
    try {
        const auto h = nlohmann::json::parse(text);
        m.format = "thnn";
        m.features = h.at("features").get<std::vector<std::string>>();
        m.schema_version = h.value("schema_version", int64_t{1});
        m.window_length = h.value("sequence_length", int64_t{1});
    } catch (const nlohmann::json::exception& e) {
        throw RegistryError(path + ": header: " + e.what());
    }
    m.schema_text.clear();
    for (const auto& f : m.features) m.schema_text += (m.schema_text.empty() ? "" : ",") + f;
    m.schema_text += ";v" + std::to_string(m.schema_version);
}

}  // namespace tradehost::models
