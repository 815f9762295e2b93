// The one exception type of the model registry and the feature store: the message names the
// file or key and what is wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace tradehost::models {

struct RegistryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace tradehost::models
