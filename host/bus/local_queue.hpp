// FIFO of events waiting on one executor: feedback edges, and calls deeper than the direct
// call limit. Single-threaded; its buffer grows to the high-water mark and is then reused,
// so steady state allocates nothing.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace tradehost {

template <class Tag> class LocalQueue {
public:
    void push(Tag* tag, const void* data, uint32_t len) {
        size_t need = kHeader + align8(len);
        size_t at = buf_.size();
        buf_.resize(at + need);
        std::memcpy(buf_.data() + at, &tag, sizeof tag);
        std::memcpy(buf_.data() + at + sizeof tag, &len, sizeof len);
        std::memcpy(buf_.data() + at + kHeader, data, len);
    }
    bool empty() const { return head_ == buf_.size(); }
    /// Front record; valid until the next push (which may reallocate), so the caller
    /// copies it out before delivering.
    const void* front(Tag*& tag, uint32_t& len) const {
        std::memcpy(&tag, buf_.data() + head_, sizeof tag);
        std::memcpy(&len, buf_.data() + head_ + sizeof tag, sizeof len);
        return buf_.data() + head_ + kHeader;
    }
    void pop() {
        uint32_t len;
        std::memcpy(&len, buf_.data() + head_ + sizeof(Tag*), sizeof len);
        head_ += kHeader + align8(len);
        if (head_ == buf_.size()) {
            head_ = 0;
            buf_.clear();  // keeps capacity
        }
    }

private:
    static constexpr size_t kHeader = 16;
    static size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }
    std::vector<unsigned char> buf_;
    size_t head_ = 0;
};

}  // namespace tradehost
