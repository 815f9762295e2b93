// A C++ plugin whose constructor throws: the wrapper must turn it into a status and text.
#include <tradehost/plugin.hpp>

#include <stdexcept>

namespace {

class Thrower {
public:
    Thrower(tradehost::Host, const tradehost::Config&) { throw std::runtime_error("constructor threw on purpose"); }
};

constexpr th_port_desc kPorts[] = {tradehost::out_port("out", TH_EV_QUOTE, "never published")};

}  // namespace

TRADEHOST_PLUGIN(Thrower, "create_throws", "1.0.0", "other", "constructor always throws", kPorts, nullptr)
