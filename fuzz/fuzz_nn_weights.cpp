// libFuzzer target: the neural weights file reader (plugins/nn_model/src/weights_file.cpp),
// which reads files an operator points a model at. Throwing is a refusal; crashing (or
// reading outside the buffer) is a finding.
#include "nn_model/src/weights_file.hpp"

#include <cstdint>
#include <exception>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        (void)tradehost::nn::parse_weights(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const std::exception&) {
    }
    return 0;
}
