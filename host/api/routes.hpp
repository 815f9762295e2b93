// The operator endpoint's routes: /healthz, /metrics, the control calls, the console's JSON
// views and its live stream, and the console page itself.
#pragma once

#include "api/access.hpp"
#include "api/http_server.hpp"
#include "api/journal_views.hpp"

#include <memory>

namespace tradehost {

class Runtime;

class ApiRoutes {
public:
    /// `rt` and `access` outlive this.
    ApiRoutes(Runtime& rt, const ApiAccess& access);

    /// Handle one request (on the server's thread).
    HttpResponse handle(const HttpRequest& req);

private:
    HttpResponse killswitch(const HttpRequest& req);
    HttpResponse reload(const HttpRequest& req);
    HttpResponse view(const HttpRequest& req);  // GET /api/...
    HttpResponse stream();                      // GET /api/stream

    Runtime& rt_;
    const ApiAccess& access_;
    std::shared_ptr<JournalViews> journal_;  // shared with open streams
};

/// One request against `rt`, as `access` allows (see api/access.hpp).
HttpResponse handle_api(Runtime& rt, const ApiAccess& access, const HttpRequest& req);

/// The same on an endpoint without tokens (loopback only).
HttpResponse handle_api(Runtime& rt, const HttpRequest& req);

/// The console page (host/api/console/index.html, embedded at build time).
extern const char* const kConsolePage;

}  // namespace tradehost
