#include "bus/spsc_ring.hpp"

namespace tradehost {

SpscRing::SpscRing(size_t capacity_bytes) {
    uint64_t c = 4096;
    while (c < capacity_bytes) c <<= 1;
    cap_ = c;
    mask_ = c - 1;
    // operator new[] aligns to 16; records are 8-aligned within it.
    buf_.reset(new unsigned char[c]);
    std::memset(buf_.get(), 0, c);
}

}  // namespace tradehost
