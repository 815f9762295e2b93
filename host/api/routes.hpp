// The operator endpoint's routes: /healthz, /metrics and the kill switch.
#pragma once

#include "api/http_server.hpp"

namespace tradehost {

class Runtime;

/// Handle one request against `rt`.
HttpResponse handle_api(Runtime& rt, const HttpRequest& req);

}  // namespace tradehost
