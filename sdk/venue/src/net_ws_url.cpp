// WebSocket URL parsing for WsClient (see net_ws_url.hpp).
#include "net_ws_url.hpp"

#include <cctype>

namespace tradehost::venue::net {

std::optional<WsUrl> parse_ws_url(std::string_view url) {
    WsUrl out;
    if (url.substr(0, 5) == "ws://") {
        url.remove_prefix(5);
        out.port = 80;
    } else if (url.substr(0, 6) == "wss://") {
        url.remove_prefix(6);
        out.tls = true;
        out.port = 443;
    } else {
        return std::nullopt;
    }
    const std::size_t authority_end = url.find_first_of("/?#");
    std::string_view authority = url.substr(0, authority_end);
    std::string_view rest = authority_end == std::string_view::npos ? std::string_view{} : url.substr(authority_end);
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    out.path = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);

    std::string_view host;
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = authority.substr(1, close - 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return std::nullopt;
            port_text = after.substr(1);
        }
    } else {
        const auto colon = authority.rfind(':');
        host = authority.substr(0, colon);
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (host.empty()) return std::nullopt;
    const bool explicit_port = !port_text.empty();
    if (explicit_port) {
        int port = 0;
        for (char c : port_text) {
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            port = port * 10 + (c - '0');
            if (port > 65535) return std::nullopt;
        }
        if (port == 0) return std::nullopt;
        out.port = port;
    }
    out.address = std::string(host);
    const bool ipv6 = host.find(':') != std::string_view::npos;
    out.host = ipv6 ? "[" + out.address + "]" : out.address;
    const int default_port = out.tls ? 443 : 80;
    if (out.port != default_port) out.host += ":" + std::to_string(out.port);
    return out;
}

}  // namespace tradehost::venue::net
