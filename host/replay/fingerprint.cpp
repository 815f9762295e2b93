// deployment_sha256: what replay compares to know the deployment is the one recorded.
#include "replay/recorded_session.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <iterator>
#include <memory>

namespace tradehost {

std::string deployment_sha256(const std::vector<std::string>& files) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // Each file's length first: moving text between an overlay and its base changes the
        // hash. Not its path, which depends on where replay is run from.
        const std::string head = std::to_string(text.size()) + '\n';
        EVP_DigestUpdate(ctx.get(), head.data(), head.size());
        EVP_DigestUpdate(ctx.get(), text.data(), text.size());
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &n);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

}  // namespace tradehost
