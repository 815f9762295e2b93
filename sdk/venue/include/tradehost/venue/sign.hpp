// Digests and MACs on OpenSSL. Results are raw bytes; pair with hex_encode / base64_encode.
#pragma once

#include <string>
#include <string_view>

namespace tradehost::venue {

std::string sha256(std::string_view data);
std::string sha512(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha512(std::string_view key, std::string_view data);

/// Overwrites `secret` with zeros before it is released (for key material kept in strings).
void secure_clear(std::string& secret) noexcept;

}  // namespace tradehost::venue
