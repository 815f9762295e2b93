// SHA-256 of a file or a string, as lowercase hex (OpenSSL's EVP digest: the checksum a
// manifest records and a loader verifies).
#pragma once

#include <string>
#include <string_view>

namespace tradehost::models {

/// Hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
/// Hex SHA-256 of the file's bytes; throws RegistryError naming the file if it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace tradehost::models
