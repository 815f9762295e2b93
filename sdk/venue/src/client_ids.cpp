// Client order ids in a venue's limits (see client_ids.hpp).
#include <tradehost/venue/client_ids.hpp>

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

#include <algorithm>

namespace tradehost::venue {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool allowed(const ClientIdFormat& f, char c) {
    if (f.any_printable) return c > ' ' && c < 0x7f;  // no spaces: they break query strings and logs
    return is_alnum(c) || f.extra_chars.find(c) != std::string_view::npos;
}

bool is_uuid(std::string_view id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

std::string digest_hex(std::string_view host_id, unsigned salt) {
    std::string input(host_id);
    if (salt > 0) input += "#" + std::to_string(salt);
    return hex_encode(sha256(input));  // 64 lowercase hex digits
}

}  // namespace

bool client_id_fits(const ClientIdFormat& f, std::string_view id) {
    if (id.empty()) return false;
    if (f.uuid_ok && is_uuid(id)) return true;
    if (f.max_len > 0 && id.size() > f.max_len) return false;
    return std::all_of(id.begin(), id.end(), [&](char c) { return allowed(f, c); });
}

std::string venue_client_id(const ClientIdFormat& f, std::string_view host_id, unsigned salt) {
    if (!f.sent || (salt == 0 && client_id_fits(f, host_id))) return std::string(host_id);
    const std::string hex = digest_hex(host_id, salt);
    if (f.uuid_ok) {
        // Shaped as a version-4 UUID (version nibble 4, variant 10xx): some venues check that.
        std::string u = hex.substr(0, 32);
        u[12] = '4';
        u[16] = "89ab"[(u[16] >= 'a' ? u[16] - 'a' + 10 : u[16] - '0') & 3];
        return u.substr(0, 8) + "-" + u.substr(8, 4) + "-" + u.substr(12, 4) + "-" + u.substr(16, 4) + "-" +
               u.substr(20, 12);
    }
    const std::size_t limit = f.max_len > 0 ? f.max_len : host_id.size() + 17;
    constexpr std::size_t kHashDigits = 16;  // 64 bits: no clash in any one ledger's lifetime
    const bool dash = allowed(f, '-');
    if (limit < kHashDigits + 4 || !dash) return hex.substr(0, std::min<std::size_t>(limit, 32));
    // A readable prefix keeps the id recognisable in the venue's own UI and logs.
    std::string prefix;
    for (char c : host_id) {
        if (prefix.size() + 1 + kHashDigits >= limit) break;
        if (allowed(f, c)) prefix += c;
    }
    return prefix + "-" + hex.substr(0, kHashDigits);
}

}  // namespace tradehost::venue
