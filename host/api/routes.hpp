// The operator endpoint's routes: /healthz, /metrics and the kill switch.
#pragma once

#include "api/access.hpp"
#include "api/http_server.hpp"

namespace tradehost {

class Runtime;

/// Handle one request against `rt`, as `access` allows (see api/access.hpp).
HttpResponse handle_api(Runtime& rt, const ApiAccess& access, const HttpRequest& req);

/// The same on an endpoint without tokens (loopback only).
HttpResponse handle_api(Runtime& rt, const HttpRequest& req);

}  // namespace tradehost
