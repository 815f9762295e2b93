// `tradehost reload INSTANCE [--api HOST:PORT]`: ask a running host to hot-reload an
// instance's plugin through its operator endpoint.
#include "cli/commands.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace tradehost::cli {

namespace {

const char* kHelp =
    "usage: tradehost reload INSTANCE [--api HOST:PORT] [--token-env VAR]\n"
    "\n"
    "Asks the host listening on --api (default 127.0.0.1:9464, its host.api.listen) to reload\n"
    "the plugin of INSTANCE from its file: every instance of that plugin is swapped, state is\n"
    "handed over, no event is lost. Progress: the host's log and tradehost_plugin_reloads_total.\n"
    "An endpoint that requires tokens gets the control token from $TRADEHOST_API_TOKEN, or from\n"
    "the variable --token-env names.\n";

}  // namespace

int cmd_reload(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kHelp, stdout);
        return 0;
    }
    std::string instance, api = "127.0.0.1:9464", token_env = "TRADEHOST_API_TOKEN";
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--api" && i + 1 < args.size()) api = args[++i];
        else if (args[i] == "--token-env" && i + 1 < args.size()) token_env = args[++i];
        else if (instance.empty() && !args[i].empty() && args[i][0] != '-') instance = args[i];
        else {
            std::fputs(kHelp, stderr);
            return kExitUsage;
        }
    }
    size_t colon = api.rfind(':');
    if (instance.empty() || colon == std::string::npos) {
        std::fputs(kHelp, stderr);
        return kExitUsage;
    }
    std::string host = api.substr(0, colon), port = api.substr(colon + 1);
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) {
        std::fprintf(stderr, "tradehost reload: cannot resolve %s\n", api.c_str());
        return kExitRuntime;
    }
    int fd = ::socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || ::connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        std::fprintf(stderr, "tradehost reload: no host answers on %s\n", api.c_str());
        if (fd >= 0) ::close(fd);
        ::freeaddrinfo(res);
        return kExitRuntime;
    }
    ::freeaddrinfo(res);
    const char* token = std::getenv(token_env.c_str());
    const std::string auth = token && *token ? std::string("Authorization: Bearer ") + token + "\r\n" : "";
    std::string req = "POST /reload?instance=" + instance + " HTTP/1.1\r\nHost: " + host +
                      "\r\nX-Tradehost-Control: 1\r\n" + auth + "Connection: close\r\nContent-Length: 0\r\n\r\n";
    if (::write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) {
        ::close(fd);
        std::fprintf(stderr, "tradehost reload: request not sent\n");
        return kExitRuntime;
    }
    std::string resp;
    char buf[2048];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) resp.append(buf, static_cast<size_t>(n));
    ::close(fd);
    size_t body = resp.find("\r\n\r\n");
    std::fputs(body == std::string::npos ? resp.c_str() : resp.c_str() + body + 4, stdout);
    return resp.rfind("HTTP/1.1 202", 0) == 0 ? 0 : kExitRuntime;
}

}  // namespace tradehost::cli
