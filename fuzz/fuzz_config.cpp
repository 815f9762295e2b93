// libFuzzer target: the deployment loader on arbitrary bytes. It must report problems as
// diagnostics and never throw, abort or read out of bounds (the host's first input).
#include "config/deployment.hpp"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = "/tmp/th_fuzz_config_" + std::to_string(::getpid()) + ".yaml";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    tradehost::Diagnostics d;
    tradehost::Deployment dep = tradehost::load_deployment(path, d);  // no try: an escaping exception is a finding
    (void)dep;
    std::remove(path.c_str());
    return 0;
}
