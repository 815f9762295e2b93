// SHA-2 digests and HMACs on OpenSSL 3 one-shot APIs (EVP_Digest, HMAC), which are not
// deprecated, plus secure_clear for key material kept in std::string.
#include <tradehost/venue/sign.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace tradehost::venue {
namespace {

// OpenSSL wants a non-null pointer even for zero-length input; an empty string_view may
// carry nullptr.
const unsigned char* bytes_of(std::string_view s) {
    static const unsigned char kEmpty = 0;
    return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

std::string digest(const EVP_MD* md, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(bytes_of(data), data.size(), out, &len, md, nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(md, bytes_of(key), static_cast<int>(key.size()), bytes_of(data), data.size(), out, &len) ==
        nullptr)
        throw std::runtime_error("HMAC failed");
    return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace

std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }
std::string sha512(std::string_view data) { return digest(EVP_sha512(), data); }
std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(EVP_sha256(), key, data); }
std::string hmac_sha512(std::string_view key, std::string_view data) { return hmac(EVP_sha512(), key, data); }

void secure_clear(std::string& secret) noexcept {
    // Growing to the capacity never reallocates and lets the cleanse reach bytes a shorter
    // earlier value left beyond size(); OPENSSL_cleanse is not optimised away like memset.
    secret.resize(secret.capacity());
    OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
}

}  // namespace tradehost::venue
