// Little-endian binary writer and reader for plugin state blobs (snapshot/restore and
// state_put/state_get). Header-only, part of the SDK, so every plugin encodes state the
// same way. Put a format version first and read older versions. tradehost/blob.h writes
// and reads the same format from C.
#ifndef TRADEHOST_BLOB_HPP
#define TRADEHOST_BLOB_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace tradehost {

class BlobWriter {
public:
    void u8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
    void u32(uint32_t v) { put(v, 4); }
    void u64(uint64_t v) { put(v, 8); }
    void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
    /// The IEEE-754 bits as a u64, as tradehost/blob.h's th_blob_put_f64 writes them.
    void f64(double v) {
        uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        put(bits, 8);
    }
    void boolean(bool v) { u8(v ? 1 : 0); }
    void str(std::string_view s) {
        u32(static_cast<uint32_t>(s.size()));
        buf_.append(s.data(), s.size());
    }
    std::string take() { return std::move(buf_); }

private:
    void put(uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) buf_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    std::string buf_;
};

/// Reads what BlobWriter wrote; throws tradehost::Error(TH_ERR_INVALID_ARGUMENT) naming
/// `what` when the blob is truncated or malformed.
class BlobReader {
public:
    BlobReader(std::string_view in, std::string what) : in_(in), what_(std::move(what)) {}
    uint8_t u8() { need(1); return static_cast<uint8_t>(in_[pos_++]); }
    uint32_t u32() { return static_cast<uint32_t>(get(4)); }
    uint64_t u64() { return get(8); }
    int64_t i64() { return static_cast<int64_t>(get(8)); }
    double f64() {
        const uint64_t bits = get(8);
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    bool boolean() { return u8() != 0; }
    std::string str() {
        uint32_t n = u32();
        need(n);
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    bool done() const { return pos_ == in_.size(); }

private:
    void need(size_t n) const {
        if (in_.size() - pos_ < n) throw Error(TH_ERR_INVALID_ARGUMENT, what_ + ": truncated blob");
    }
    uint64_t get(int bytes) {
        need(static_cast<size_t>(bytes));
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_++])) << (8 * i);
        return v;
    }
    std::string_view in_;
    std::string what_;
    size_t pos_ = 0;
};

}  // namespace tradehost

#endif
