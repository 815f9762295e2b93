// SHA-256 through OpenSSL's EVP interface, streamed so a large model file is not read whole.
#include "sha256.hpp"

#include "registry_error.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>

namespace tradehost::models {

namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

MdCtx begin() {
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw RegistryError("sha256: OpenSSL init failed");
    return ctx;
}

std::string finish(EVP_MD_CTX* ctx) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx, md, &len) != 1) throw RegistryError("sha256: OpenSSL final failed");
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 15];
    }
    return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    MdCtx ctx = begin();
    EVP_DigestUpdate(ctx.get(), data.data(), data.size());
    return finish(ctx.get());
}

std::string sha256_file(const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw RegistryError(path + ": cannot read");
    MdCtx ctx = begin();
    char buf[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) EVP_DigestUpdate(ctx.get(), buf, n);
    if (std::ferror(f.get())) throw RegistryError(path + ": read error");
    return finish(ctx.get());
}

}  // namespace tradehost::models
