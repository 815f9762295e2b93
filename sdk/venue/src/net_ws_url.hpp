// Private: splits a ws:// or wss:// URL into what lws_client_connect_via_info needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tradehost::venue::net {

struct WsUrl {
    bool tls = false;
    std::string address;  ///< host name or IP to connect to (IPv6 without brackets)
    int port = 0;
    std::string path;     ///< starts with '/', query included
    std::string host;     ///< Host header: "name" or "name:port" when the port is not the default
};

/// nullopt when `url` is not ws:// or wss:// with a host and a valid port.
std::optional<WsUrl> parse_ws_url(std::string_view url);

}  // namespace tradehost::venue::net
